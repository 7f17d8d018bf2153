// Steps about retained messages: publishing and deleting them, the RETAIN flag on deliveries,
// the retained-message limit, shared subscriptions, and what CONNACK says about retain.
import { Then, When } from "@cucumber/cucumber";
import type { IPubackPacket, IPublishPacket, Packet } from "mqtt-packet";
import { describePacket } from "../support/driver/describe.ts";
import { isPublishOn, isSubackFor } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { publishConfirmed, sendPublish } from "../support/harness/publishing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** QoS of retained publishes: QoS 1, so the PUBACK says the broker has taken the message. */
const retainedQos = 1;
const quotaExceeded = 0x97;

When("{string} publishes the retained message {string} to {string}", async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  await publishConfirmed(this, name, this.topic(topic), payload, retainedQos, { retain: true });
});

When(
  "{string} publishes the retained message {string} to {string}, expiring after {int} s",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, seconds: number) {
    await publishConfirmed(this, name, this.topic(topic), payload, retainedQos, { retain: true, properties: { messageExpiryInterval: seconds } });
  },
);

When("{string} deletes the retained message of {string}", async function (this: ConformanceWorld, name: string, topic: string) {
  // [RET-05] a zero-byte retained publish
  await publishConfirmed(this, name, this.topic(topic), Buffer.alloc(0), retainedQos, { retain: true });
});

When("{string} tries to publish the retained message {string} to {string}", function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  sendPublish(this.client(name), this.topic(topic), payload, retainedQos, { retain: true });
});

Then("{string} receives {string} on {string} with RETAIN {int}", async function (this: ConformanceWorld, name: string, payload: string, topic: string, retain: number) {
  const client = this.client(name);
  const publish = await client.waitFor(`PUBLISH ${JSON.stringify(payload)} on ${JSON.stringify(topic)}`, isPublishOn(this.topic(topic), payload), this.deliveryTimeoutMs);
  check((publish.retain ? 1 : 0) === retain, client, `expected ${JSON.stringify(payload)} with RETAIN=${retain}, got ${describePacket(publish)}`);
});

Then("{string} receives an empty message on {string}", async function (this: ConformanceWorld, name: string, topic: string) {
  const isEmpty = (packet: Packet): packet is IPublishPacket => isPublishOn(this.topic(topic))(packet) && packet.payload.length === 0;
  await this.client(name).waitFor(`a zero-byte PUBLISH on ${JSON.stringify(topic)}`, isEmpty, this.deliveryTimeoutMs);
});

Then("the broker throttles the retained publish of {string}", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  if (client.protocolVersion === 4) {
    // MQTT 3.1.1 has no negative PUBACK: a refused publish ends the connection
    client.closeExpected = true;
    await client.waitForClose(this.deliveryTimeoutMs);
    return;
  }
  const isThrottled = (packet: Packet): packet is IPubackPacket => packet.cmd === "puback" && packet.reasonCode === quotaExceeded;
  await client.waitFor("PUBACK 0x97 Quota exceeded", isThrottled, this.deliveryTimeoutMs);
});

When(
  "{string} subscribes to {string} in the share group {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, topic: string, group: string, qos: number) {
    const client = this.client(name);
    const filter = `$share/${group}/${this.topic(topic)}`;
    const messageId = client.allocatePacketId();
    client.send({ cmd: "subscribe", messageId, subscriptions: [{ topic: filter, qos: qos === 0 ? 0 : 1 }] });
    const suback = await client.waitFor(`SUBACK for ${JSON.stringify(filter)}`, isSubackFor(messageId), this.deliveryTimeoutMs);
    check((suback.granted as number[])[0] < 0x80, client, `expected the shared subscription to be granted, got ${describePacket(suback)}`);
  },
);

Then("the CONNACK to {string} says retained messages are available", function (this: ConformanceWorld, name: string) {
  const connack = this.connack(name);
  // [RET-14] Retain Available is 1, or absent (which means 1)
  check(connack.properties?.retainAvailable !== false, this.client(name), `expected Retain Available 1 or absent, got ${describePacket(connack)}`);
});
