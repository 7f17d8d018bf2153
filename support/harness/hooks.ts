// Scenario lifecycle: decide applicability (profile, protocol version, capabilities), label the
// Allure result, attach every client's packet log, and close every client afterwards.
import "allure-cucumberjs";
import { After, Before, setDefaultTimeout, setDefinitionFunctionWrapper, Status } from "@cucumber/cucumber";
import * as allure from "allure-js-commons";
import { ExpectationError } from "../driver/expectation-error.ts";
import { capabilities, type Capability } from "../brokers/capabilities.ts";
import { notApplicable } from "./not-applicable.ts";
import { versionLabel } from "./tags.ts";
import type { ConformanceWorld } from "./world.ts";


setDefaultTimeout(20_000);

/** Every failure message starts with the scenario's requirement IDs: "[RET-06] expected …". */
setDefinitionFunctionWrapper((fn: (...args: unknown[]) => unknown) => {
  const wrapped = async function (this: ConformanceWorld, ...args: unknown[]) {
    try {
      return await fn.apply(this, args);
    } catch (error) {
      if (error instanceof Error && this?.requirementLabel && !error.message.startsWith("[")) {
        error.message = `${this.requirementLabel} ${error.message}`;
      }
      throw error;
    }
  };
  Object.defineProperty(wrapped, "length", { value: fn.length });
  return wrapped;
});

/** Why this broker cannot be judged on this scenario, or undefined when it can. */
function notApplicableReason(world: ConformanceWorld): string | undefined {
  const { descriptor, profile } = world.target;
  if (world.tags.profile && world.tags.profile !== profile) return `the scenario belongs to profile ${world.tags.profile}, the run judges ${profile}`;
  const missingVersion = world.tags.versions.find((version) => !descriptor.protocolVersions.includes(version));
  if (missingVersion) return `${descriptor.name} does not speak MQTT ${missingVersion}`;
  const missing = world.tags.requires.find((capability) => !descriptor.capabilities.includes(capability as never));
  if (missing) return `${descriptor.name} lacks capability "${missing}" (${capabilities[missing as Capability] ?? "unknown capability"})`;
  return undefined;
}

Before({ name: "applicability and labels" }, async function (this: ConformanceWorld, { pickle, gherkinDocument }) {
  this.begin(pickle.name, pickle.tags.map((tag) => tag.name));
  const { descriptor, profile } = this.target;
  // one runtime message per kind: each becomes an attachment in Cucumber's own output
  await allure.labels(
    { name: "broker", value: descriptor.name },
    { name: "profile", value: profile },
    { name: "mqttVersion", value: versionLabel(this.tags.versions) },
    { name: "parentSuite", value: `${descriptor.name} · ${profile}` },
    { name: "suite", value: gherkinDocument.feature?.name ?? pickle.uri },
  );
  await allure.parameter("broker", descriptor.name);
  await allure.parameter("profile", profile);
  const reason = notApplicableReason(this);
  return reason ? notApplicable(this, reason) : undefined;
});

After({ name: "packet logs and clean-up" }, async function (this: ConformanceWorld, { result }) {
  try {
    for (const client of [...this.previousClients, ...this.clients.values()]) {
      this.attach(client.log.format(), { mediaType: "text/plain", fileName: `packets of ${client.name}` });
    }
    if (result?.status !== Status.PASSED) return;
    // a client the broker closed when no step expected it fails the scenario
    const dropped = [...this.clients.values()].find((client) => client.closed?.by === "broker" && !client.closeExpected);
    if (dropped) {
      throw new ExpectationError(`${this.requirementLabel} the broker closed the connection of "${dropped.name}" and no step expected it`, dropped.log);
    }
  } finally {
    await this.dispose();
  }
});
