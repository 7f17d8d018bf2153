// Steps about SUBSCRIBE and SUBACK: subscribing (granted or not), SUBSCRIBE packets sent as they
// are, and what the SUBACK granted or refused, one reason code per filter.
import type { DataTable } from "@cucumber/cucumber";
import type { ISubackPacket, Packet, QoS } from "mqtt-packet";
import { describePacket, hexCode } from "../support/driver/describe.ts";
import { isSubackFor } from "../support/driver/predicates.ts";
import { check, checkShould } from "../support/harness/assertions.ts";
import { checkCodes } from "../support/harness/reason-codes.ts";
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { splitPair } from "../support/harness/properties.ts";
import { subscribe, subscribeGranted, subscribeToAll } from "../support/harness/subscribing.ts";
import { topicOfLevels } from "../support/harness/topic-shapes.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When("{string} subscribes to {string} at QoS {int}", async function (this: ConformanceWorld, name: string, filter: string, qos: number) {
  await subscribe(this, name, this.topic(filter), qos);
});

Given("{string} has subscribed to {string} at QoS {int}", async function (this: ConformanceWorld, name: string, filter: string, qos: number) {
  await subscribeGranted(this, name, this.topic(filter), qos);
});

Given("each of {names} has subscribed to {string} at QoS {int}", async function (this: ConformanceWorld, names: string[], filter: string, qos: number) {
  await Promise.all(names.map((name) => subscribeGranted(this, name, this.topic(filter), qos)));
});

Given("{string} has subscribed to the broker-wide filter {string} at QoS {int}", async function (this: ConformanceWorld, name: string, filter: string, qos: number) {
  await subscribeGranted(this, name, filter, qos);
});

When("{string} subscribes to a filter of {int} levels at QoS {int}", async function (this: ConformanceWorld, name: string, levels: number, qos: number) {
  await subscribe(this, name, topicOfLevels(this, levels), qos);
});

When("{string} subscribes to {string} at QoS {int} with the user property {string}", async function (this: ConformanceWorld, name: string, filter: string, qos: number, property: string) {
  const [key, value] = splitPair(property);
  await subscribe(this, name, this.topic(filter), qos, { userProperties: { [key]: value } });
});

When("{string} subscribes to these filters in one SUBSCRIBE:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  await subscribeToAll(this, name, table.hashes().map((row) => ({ topic: this.topic(row.filter), qos: Number(row.QoS) })));
});

When("{string} tries to subscribe to {string} at QoS {int}", function (this: ConformanceWorld, name: string, filter: string, qos: number) {
  // the broker may answer with a SUBACK or by closing the connection: the next step judges which
  const client = this.client(name);
  client.allowClose();
  client.send({ cmd: "subscribe", messageId: client.allocatePacketId(), subscriptions: [{ topic: this.topic(filter), qos: qos as QoS }] });
});

When("{string} sends a SUBSCRIBE to {string} at QoS {int} with packet identifier {int}", function (this: ConformanceWorld, name: string, filter: string, qos: number, messageId: number) {
  this.client(name).send({ cmd: "subscribe", messageId, subscriptions: [{ topic: this.topic(filter), qos: qos as QoS }] });
});

When(
  "{string} sends a SUBSCRIBE to {string} at QoS {int} with packet identifier {int}, breaking the rule that an identifier in use is not reused",
  function (this: ConformanceWorld, name: string, filter: string, qos: number, messageId: number) {
    this.client(name).send({ cmd: "subscribe", messageId, subscriptions: [{ topic: this.topic(filter), qos: qos as QoS }] }, { breaking: "a packet identifier in use is not used for a new packet [MQTT-2.2.1-3]" });
  },
);

When("{string} subscribes to {string} at QoS {int} with Subscription Identifier {int}", function (this: ConformanceWorld, name: string, filter: string, qos: number, identifier: number) {
  const client = this.client(name);
  client.send({ cmd: "subscribe", messageId: client.allocatePacketId(), subscriptions: [{ topic: this.topic(filter), qos: qos as QoS }], properties: { subscriptionIdentifier: identifier } });
});

Then("{string} is granted QoS {int}", function (this: ConformanceWorld, name: string, qos: number) {
  const suback = this.suback(name);
  check((suback.granted as number[])[0] === qos, this.client(name), `expected SUBACK granting QoS ${qos}, got ${describePacket(suback)}`);
});

Then("the SUBACK to {string} refuses the filter", function (this: ConformanceWorld, name: string) {
  const suback = this.suback(name);
  // v3 0x80 Failure; v5 any reason code of 0x80 or above
  check((suback.granted as number[])[0] >= 0x80, this.client(name), `expected SUBACK refusing the filter (0x80 or above), got ${describePacket(suback)}`);
});

/**
 * A filter the broker refuses: AWS IoT Core answers with the SUBACK code; OASIS makes a malformed
 * filter a protocol error, so under the oasis profile closing the connection refuses it too.
 */
Then("the broker refuses the filter of {string} with SUBACK {codes}", async function (this: ConformanceWorld, name: string, codes: number[]) {
  const client = this.client(name);
  const isSuback = (packet: Packet): packet is ISubackPacket => packet.cmd === "suback";
  const suback = await client.waitFor("SUBACK", isSuback, this.deliveryTimeoutMs).catch((error: Error) => {
    if (this.profile === "oasis" && client.closed) return undefined;
    throw error;
  });
  if (!suback) return;
  const code = (suback.granted as number[])[0];
  check(code >= 0x80, client, `expected the filter refused, got ${describePacket(suback)}`);
  checkShould(this, codes.includes(code), client, `expected SUBACK ${codes.map(hexCode).join(" or ")}, got ${describePacket(suback)}`);
});

Then("the SUBACK to {string} has these reason codes, one per filter:", function (this: ConformanceWorld, name: string, table: DataTable) {
  checkCodes(this, name, this.suback(name), "SUBACK", table);
});

Then("{string} receives no SUBACK", async function (this: ConformanceWorld, name: string) {
  await this.client(name).expectNothing("SUBACK", (packet: Packet) => packet.cmd === "suback", this.quietPeriodMs);
});

Then("{string} receives a SUBACK with packet identifier {int} and reason code {code}", async function (this: ConformanceWorld, name: string, messageId: number, reasonCode: number) {
  const client = this.client(name);
  const suback = await client.waitFor(`SUBACK with packet identifier ${messageId}`, isSubackFor(messageId), this.deliveryTimeoutMs);
  const codes = (suback.granted ?? []) as number[];
  check(codes.length > 0 && codes.every((code) => code === reasonCode), client, `expected SUBACK with ${hexCode(reasonCode)}, got ${describePacket(suback)}`);
});
