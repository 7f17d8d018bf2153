// Steps about UNSUBSCRIBE and UNSUBACK: unsubscribing, UNSUBSCRIBE packets sent as they are, and
// the reason codes of the UNSUBACK, one per filter.
import type { DataTable } from "@cucumber/cucumber";
import { describePacket, hexCode } from "../support/driver/describe.ts";
import { isUnsubackFor } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { Then, When } from "../support/harness/define-steps.ts";
import { splitPair } from "../support/harness/properties.ts";
import { unsubscribe } from "../support/harness/subscribing.ts";
import { checkCodes } from "../support/harness/reason-codes.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When("{string} unsubscribes from these filters in one UNSUBSCRIBE:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  await unsubscribe(this, name, table.raw().map(([filter]) => this.topic(filter)));
});

When("{string} unsubscribes from {string} with the user property {string}", async function (this: ConformanceWorld, name: string, filter: string, property: string) {
  const [key, value] = splitPair(property);
  await unsubscribe(this, name, [this.topic(filter)], { userProperties: { [key]: value } });
});

When(
  "{string} sends an UNSUBSCRIBE from {string} with packet identifier {int}, breaking the rule that an identifier in use is not reused",
  function (this: ConformanceWorld, name: string, filter: string, messageId: number) {
    this.client(name).send({ cmd: "unsubscribe", messageId, unsubscriptions: [this.topic(filter)] }, { breaking: "a packet identifier in use is not used for a new packet [MQTT-2.2.1-3]" });
  },
);

Then("the UNSUBACK to {string} has these reason codes, one per filter:", function (this: ConformanceWorld, name: string, table: DataTable) {
  const unsuback = this.unsubacks.get(name);
  if (!unsuback) throw new Error(`"${name}" has received no UNSUBACK`);
  checkCodes(this, name, unsuback, "UNSUBACK", table);
});

Then("{string} receives an UNSUBACK with packet identifier {int} and reason code {code}", async function (this: ConformanceWorld, name: string, messageId: number, reasonCode: number) {
  const client = this.client(name);
  const unsuback = await client.waitFor(`UNSUBACK with packet identifier ${messageId}`, isUnsubackFor(messageId), this.deliveryTimeoutMs);
  const codes = (unsuback.granted ?? []) as number[];
  check(codes.length > 0 && codes.every((code) => code === reasonCode), client, `expected UNSUBACK with ${hexCode(reasonCode)}, got ${describePacket(unsuback)}`);
});
