// Steps about retained messages: publishing and deleting them, publishes the broker should refuse
// or throttle, and what the MQTT 5 CONNACK says about retain.
import type { IPubackPacket, Packet } from "mqtt-packet";
import { describePacket } from "../support/driver/describe.ts";
import { check } from "../support/harness/assertions.ts";
import { Then, When } from "../support/harness/define-steps.ts";
import { publishConfirmed, sendPublish } from "../support/harness/publishing.ts";
import { shortExpirySeconds } from "../support/harness/timing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** QoS of retained publishes: QoS 1, so the PUBACK says the broker has taken the message. */
const retainedQos = 1;
const quotaExceeded = 0x97;

When("{string} publishes the retained message {string} to {string}", async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  await publishConfirmed(this, name, this.topic(topic), payload, retainedQos, { retain: true });
});

When(
  "{string} publishes the retained message {string} to {string}, expiring after the short expiry",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    await publishConfirmed(this, name, this.topic(topic), payload, retainedQos, { retain: true, properties: { messageExpiryInterval: shortExpirySeconds(this.target.descriptor) } });
  },
);

When("{string} deletes the retained message of {string}", async function (this: ConformanceWorld, name: string, topic: string) {
  // [RET-05] a zero-byte retained publish
  await publishConfirmed(this, name, this.topic(topic), Buffer.alloc(0), retainedQos, { retain: true });
});

When("{string} tries to publish the retained message {string} to {string}", function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  sendPublish(this.client(name), this.topic(topic), payload, retainedQos, { retain: true });
});

When(
  "{string} sends a retained QoS 1 PUBLISH of {string} to {string} with packet identifier {int}",
  function (this: ConformanceWorld, name: string, payload: string, topic: string, messageId: number) {
    this.client(name).send({ cmd: "publish", topic: this.topic(topic), payload: Buffer.from(payload), qos: 1, retain: true, dup: false, messageId });
  },
);

Then("the broker throttles the retained publish of {string}", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  if (client.protocolVersion === 4) {
    // MQTT 3.1.1 has no negative PUBACK: a refused publish ends the connection
    await client.expectClose(this.deliveryTimeoutMs);
    return;
  }
  const isThrottled = (packet: Packet): packet is IPubackPacket => packet.cmd === "puback" && packet.reasonCode === quotaExceeded;
  await client.waitFor("PUBACK 0x97 Quota exceeded", isThrottled, this.deliveryTimeoutMs);
});

Then("the CONNACK to {string} says retained messages are available", function (this: ConformanceWorld, name: string) {
  const connack = this.connack(name);
  // [RET-14] Retain Available is 1, or absent (which means 1)
  check(connack.properties?.retainAvailable !== false, this.client(name), `expected Retain Available 1 or absent, got ${describePacket(connack)}`);
});
