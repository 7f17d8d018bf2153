// Steps about retained messages: publishing and deleting them, publishes the broker should refuse
// or throttle, and what the MQTT 5 CONNACK says about retain.
import type { IPubackPacket, Packet } from "mqtt-packet";
import { Then, When } from "../support/harness/define-steps.ts";
import { publishConfirmed, sendPublish } from "../support/harness/publishing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** QoS of retained publishes: QoS 1, so the PUBACK says the broker has taken the message. */
const retainedQos = 1;
const quotaExceeded = 0x97;

When(
  "{string} publishes the retained message {string} to {string}",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    await publishConfirmed(this, name, this.topic(topic), payload, retainedQos, { retain: true });
  },
);

When(
  "{string} deletes the retained message of {string}",
  async function (this: ConformanceWorld, name: string, topic: string) {
    // [RET-05] a zero-byte retained publish
    await publishConfirmed(this, name, this.topic(topic), Buffer.alloc(0), retainedQos, { retain: true });
  },
);

When(
  "{string} tries to publish the retained message {string} to {string}",
  function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    sendPublish(this.client(name), this.topic(topic), payload, retainedQos, { retain: true });
  },
);

Then("the broker throttles the retained publish of {string}", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  if (client.protocolVersion === 4) {
    // MQTT 3.1.1 has no negative PUBACK: a refused publish ends the connection
    await client.expectClose(this.deliveryTimeoutMs);
    return;
  }
  const isThrottled = (packet: Packet): packet is IPubackPacket =>
    packet.cmd === "puback" && packet.reasonCode === quotaExceeded;
  await client.waitFor("PUBACK 0x97 Quota exceeded", isThrottled, this.deliveryTimeoutMs);
});
