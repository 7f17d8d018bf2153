// Scenario lifecycle: decide applicability (profile, protocol versions, capabilities), label the
// Allure result, turn verdict signals and failures into the results the collector reads, attach
// every client's packet log, and close every client afterwards.
import "allure-cucumberjs";
import {
  After,
  AfterAll,
  Before,
  BeforeStep,
  setDefaultTimeout,
  setDefinitionFunctionWrapper,
  Status,
} from "@cucumber/cucumber";
import * as allure from "allure-js-commons";
import { capabilities, isCapability } from "../brokers/capabilities.ts";
import { levelOfId } from "../catalogue/index.ts";
import { ExpectationError } from "../driver/expectation-error.ts";
import { isConnack } from "../driver/predicates.ts";
import { announcementMismatches } from "./announcements.ts";
import { stopSharedEmbeddedBrokers } from "../targets/configured.ts";
import { profileRequiresCapability, profileRequiresVersion } from "../profiles.ts";
import type { AttributedError } from "./define-steps.ts";
import { versionLabel } from "./tags.ts";
import { attachmentNames, NotApplicable, NotJudged, Unsupported } from "./verdicts.ts";
import type { ConformanceWorld } from "./world.ts";

// the longest wait a scenario may have is 60 s (a broker's slow keep-alive loop); steps get room for it
setDefaultTimeout(75_000);

/**
 * Every step and hook runs through this: a NotApplicable signal skips the scenario with its
 * reason; an Unsupported one fails it as unsupported; a failure is labelled with the requirement
 * it is charged to ("[RET-06] expected …") and, under the oasis profile, a failure of a SHOULD or
 * MAY requirement becomes a note.
 */
setDefinitionFunctionWrapper((fn: (...args: unknown[]) => unknown) => {
  const wrapped = async function (this: ConformanceWorld, ...args: unknown[]) {
    try {
      return await fn.apply(this, args);
    } catch (error) {
      if (!this?.tags) throw error;
      if (error instanceof NotApplicable) {
        // a step of one requirement among several: that requirement alone cannot be judged here
        const own = this.currentRequirement;
        if (own && this.tags.requirements.length > 1 && !(error instanceof NotJudged)) {
          this.attach(`${own}\t${error.reason}`, {
            mediaType: "text/plain",
            fileName: attachmentNames.requirementNotApplicable,
          });
          return undefined;
        }
        this.attach(error.reason, {
          mediaType: "text/plain",
          fileName: error instanceof NotJudged ? attachmentNames.notJudged : attachmentNames.notApplicable,
        });
        return "skipped";
      }
      const requirements = (error as AttributedError).requirements ?? this.tags.requirements;
      const label = `[${requirements.join(" ") || "no requirement"}]`;
      if (error instanceof Unsupported) {
        this.attach(error.reason, { mediaType: "text/plain", fileName: attachmentNames.unsupported });
        throw new Error(`${label} ${error.message}`);
      }
      if (!(error instanceof Error)) throw error;
      if (!error.message.startsWith("[")) error.message = `${label} ${error.message}`;
      if (
        error instanceof ExpectationError &&
        this.profile === "oasis" &&
        requirements.length > 0 &&
        requirements.every((id) => levelOfId(id) !== "MUST")
      ) {
        this.note(`${label} ${levelOfId(requirements[0])}: ${error.expectation}`);
        return undefined;
      }
      throw error;
    }
  };
  Object.defineProperty(wrapped, "length", { value: fn.length });
  return wrapped;
});

/** The verdict the scenario gets before it starts, from what its tags need and the broker has. */
function applicability(world: ConformanceWorld): Error | undefined {
  const { descriptor, profile } = world.target;
  const missingVersion = world.tags.versions.find((version) => !descriptor.protocolVersions.includes(version));
  if (missingVersion) {
    return profileRequiresVersion(profile, missingVersion)
      ? new Unsupported(
          `${descriptor.name} does not speak MQTT ${missingVersion}, which the ${profile} profile requires`,
        )
      : new NotApplicable(
          `${descriptor.name} does not speak MQTT ${missingVersion}; a broker that does is judged on this scenario`,
        );
  }
  for (const capability of world.tags.requires) {
    if (!isCapability(capability)) throw new Error(`unknown capability @requires:${capability}`);
    if (descriptor.capabilities.includes(capability)) continue;
    return profileRequiresCapability(profile, capability)
      ? new Unsupported(
          `${descriptor.name} lacks ${capabilities[capability]} ("${capability}"), ` +
            `which the ${profile} profile requires`,
        )
      : new NotApplicable(
          `${descriptor.name} lacks ${capabilities[capability]} ("${capability}"), ` +
            `which the ${profile} profile does not require; a broker that has it is judged on this scenario`,
        );
  }
  return undefined;
}

Before({ name: "applicability and labels" }, async function (this: ConformanceWorld, { pickle, gherkinDocument }) {
  this.begin(
    pickle.name,
    pickle.tags.map((tag) => tag.name),
  );
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
  const verdict = applicability(this);
  if (verdict) throw verdict;
});

BeforeStep(function (this: ConformanceWorld) {
  this.currentRequirement = undefined;
});

After({ name: "packet logs and clean-up" }, async function (this: ConformanceWorld, { result }) {
  try {
    for (const client of this.allClients()) {
      this.attach(client.log.format(), { mediaType: "text/plain", fileName: `packets of ${client.name}` });
    }
    if (result?.status !== Status.PASSED) return;
    // what the broker sent a client must respect what that client announced in CONNECT
    for (const client of this.allClients()) {
      const breaches = client.breaches;
      if (breaches.length > 0) {
        const requirements = [...new Set(breaches.map((breach) => breach.requirement))];
        const error: AttributedError = new ExpectationError(
          `[${requirements.join(" ")}] ${client.name}: ${breaches[0].description}`,
          client.log,
        );
        error.requirements = requirements;
        throw error;
      }
    }
    // what an MQTT 5 broker announced must be what its descriptor (and the scenario's settings) say
    for (const client of this.allClients()) {
      const connack = client.matching(isConnack).find((packet) => packet.reasonCode === 0);
      if (client.protocolVersion !== 5 || !connack) continue;
      const [mismatch] = announcementMismatches(this, connack);
      if (!mismatch) continue;
      if (!mismatch.requirement) throw new Error(`${client.name}: ${mismatch.description}`);
      const error: AttributedError = new ExpectationError(
        `[${mismatch.requirement}] ${client.name}: ${mismatch.description}`,
        client.log,
      );
      error.requirements = [mismatch.requirement];
      throw error;
    }
    // a client the broker closed when no step expected it fails the scenario
    const dropped = [...this.clients.values()].find(
      (client) => client.closed?.by === "broker" && !client.closeExpected,
    );
    if (dropped) {
      throw new ExpectationError(
        `${this.requirementLabel} the broker closed the connection of "${dropped.name}" and no step expected it`,
        dropped.log,
      );
    }
  } finally {
    await this.dispose();
  }
});

AfterAll(async () => {
  await stopSharedEmbeddedBrokers();
});
