// Steps about subscriptions: SUBSCRIBE, what the SUBACK granted or refused.
import { Given, Then, When } from "@cucumber/cucumber";
import type { Packet, QoS } from "mqtt-packet";
import { describePacket } from "../support/driver/describe.ts";
import { check } from "../support/harness/assertions.ts";
import { subscribe, subscribeGranted } from "../support/harness/subscribing.ts";
import { topicOfLevels } from "../support/harness/topic-shapes.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When("{string} subscribes to {string} at QoS {int}", async function (this: ConformanceWorld, name: string, filter: string, qos: number) {
  await subscribe(this, name, this.topic(filter), qos);
});

Given("{string} has subscribed to {string} at QoS {int}", async function (this: ConformanceWorld, name: string, filter: string, qos: number) {
  await subscribeGranted(this, name, this.topic(filter), qos);
});

Given(
  "{string} has subscribed to the broker-wide filter {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, filter: string, qos: number) {
    await subscribeGranted(this, name, filter, qos);
  },
);

When("{string} subscribes to a filter of {int} levels at QoS {int}", async function (this: ConformanceWorld, name: string, levels: number, qos: number) {
  await subscribe(this, name, topicOfLevels(this, levels), qos);
});

When("{string} sends a SUBSCRIBE to {string} at QoS {int}", function (this: ConformanceWorld, name: string, filter: string, qos: number) {
  const client = this.client(name);
  client.send({ cmd: "subscribe", messageId: client.allocatePacketId(), subscriptions: [{ topic: this.topic(filter), qos: qos as QoS }] });
});

Then("{string} is granted QoS {int}", function (this: ConformanceWorld, name: string, qos: number) {
  const suback = this.suback(name);
  check((suback.granted as number[])[0] === qos, this.client(name), `expected SUBACK granting QoS ${qos}, got ${describePacket(suback)}`);
});

Then("the SUBACK to {string} refuses the filter", function (this: ConformanceWorld, name: string) {
  const suback = this.suback(name);
  // v3 0x80 Failure; v5 any reason code of 0x80 or above (0x8F Topic Filter invalid expected)
  check((suback.granted as number[])[0] >= 0x80, this.client(name), `expected SUBACK refusing the filter (0x80 or above), got ${describePacket(suback)}`);
});

Then("{string} receives no SUBACK", async function (this: ConformanceWorld, name: string) {
  await this.client(name).expectNone("SUBACK", (packet: Packet) => packet.cmd === "suback", this.quietPeriodMs);
});

Given("each of {names} has subscribed to {string} at QoS {int}", async function (this: ConformanceWorld, names: string[], filter: string, qos: number) {
  await Promise.all(names.map((name) => subscribeGranted(this, name, this.topic(filter), qos)));
});
