// Steps about sessions: MQTT 5 Clean Start and Session Expiry Interval, clean reconnects, what
// CONNACK says about the session, time spent offline, and the replay of stored messages.
import { Then, When } from "@cucumber/cucumber";
import type { IPublishPacket, Packet } from "mqtt-packet";
import type { ProtocolVersion } from "../support/driver/client.ts";
import { describePacket } from "../support/driver/describe.ts";
import { isPublishOn, payloadText } from "../support/driver/predicates.ts";
import { check, checkConnackAccepted } from "../support/harness/assertions.ts";
import { letTimePass } from "../support/harness/clock.ts";
import { isNumberedOn, replayRate } from "../support/harness/numbered-messages.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When(
  "{string} connects with MQTT 5, Clean Start {int} and Session Expiry Interval {int}",
  async function (this: ConformanceWorld, name: string, cleanStart: number, sessionExpiryInterval: number) {
    const connack = await this.connect(name, 5, { clean: cleanStart === 1, properties: { sessionExpiryInterval } });
    checkConnackAccepted(connack, this.client(name));
  },
);

When("{string} reconnects with MQTT {mqtt} and a clean session", async function (this: ConformanceWorld, name: string, version: ProtocolVersion) {
  // MQTT 5: Clean Start=1 and no Session Expiry Interval, the equivalent of cleanSession=1 [SES-05]
  checkConnackAccepted(await this.connect(name, version, { clean: true }), this.client(name));
});

Then("the CONNACK to {string} says a session is present", function (this: ConformanceWorld, name: string) {
  const connack = this.connack(name);
  check(connack.sessionPresent === true, this.client(name), `expected CONNACK with sessionPresent=1, got ${describePacket(connack)}`);
});

Then("the CONNACK to {string} says no session is present", function (this: ConformanceWorld, name: string) {
  const connack = this.connack(name);
  check(connack.sessionPresent === false, this.client(name), `expected CONNACK with sessionPresent=0, got ${describePacket(connack)}`);
});

Then("the CONNACK to {string} grants a Session Expiry Interval of {int}", function (this: ConformanceWorld, name: string, seconds: number) {
  const connack = this.connack(name);
  check(connack.properties?.sessionExpiryInterval === seconds, this.client(name), `expected CONNACK Session Expiry Interval ${seconds}, got ${describePacket(connack)}`);
});

When("{string} disconnects with Session Expiry Interval {int}", async function (this: ConformanceWorld, name: string, sessionExpiryInterval: number) {
  await this.client(name).disconnect(this.deliveryTimeoutMs, 0, { sessionExpiryInterval });
});

When("{string} sends DISCONNECT with Session Expiry Interval {int}", function (this: ConformanceWorld, name: string, sessionExpiryInterval: number) {
  // the connection is left open: the broker is the one to close it
  this.client(name).send({ cmd: "disconnect", reasonCode: 0, properties: { sessionExpiryInterval } });
});

When("{string} stays offline for {float} seconds", async function (this: ConformanceWorld, _name: string, seconds: number) {
  await letTimePass(seconds);
});

Then("{string} receives {string} on {string} after its CONNACK", async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  const client = this.client(name);
  const stored = await client.waitFor(`PUBLISH ${JSON.stringify(payload)} on ${JSON.stringify(topic)}`, isPublishOn(this.topic(topic), payload), this.deliveryTimeoutMs);
  const positionOf = (wanted: Packet) => client.packets.findIndex((raw) => raw.packet === wanted);
  const connackPosition = client.packets.findIndex((raw) => raw.packet.cmd === "connack");
  check(connackPosition >= 0 && connackPosition < positionOf(stored), client, `expected ${JSON.stringify(payload)} after the CONNACK`);
});

Then(
  "{string} receives {int} of the numbered messages on {string}, and no more",
  async function (this: ConformanceWorld, name: string, count: number, topic: string) {
    const client = this.client(name);
    const isNumbered = isNumberedOn(this.topic(topic));
    for (let index = 1; index <= count; index++) await client.waitFor(`numbered message ${index} of ${count}`, isNumbered, this.deliveryTimeoutMs);
    await client.expectNone(`numbered message beyond the ${count} expected`, isNumbered, this.quietPeriodMs);
  },
);

Then(
  "{string} receives the {int} numbered messages on {string} at no more than {int} per second",
  async function (this: ConformanceWorld, name: string, count: number, topic: string, perSecond: number) {
    const client = this.client(name);
    const isNumbered = isNumberedOn(this.topic(topic));
    // the replay itself takes (count - 1) / perSecond seconds; the delivery timeout bounds the rest
    const timeoutMs = ((count - 1) / perSecond) * 1000 + this.deliveryTimeoutMs;
    await client.waitFor(`message ${count} of the numbered messages`, (packet): packet is IPublishPacket => isNumbered(packet) && payloadText(packet) === `message ${count}`, timeoutMs);
    const arrivals = client.packets.filter((raw) => isNumbered(raw.packet));
    const payloads = new Set(arrivals.map((raw) => payloadText(raw.packet as IPublishPacket)));
    check(payloads.size === count, client, `expected all ${count} numbered messages, got ${payloads.size}`);
    // 10 % for timer and network jitter; a broker that does not pace its replay sends hundreds per second
    const rate = replayRate(arrivals);
    check(rate <= perSecond * 1.1, client, `expected the stored messages at no more than ${perSecond} per second, got ${rate.toFixed(1)} per second`);
  },
);

Then("{string} received {string} before the last of the numbered messages", async function (this: ConformanceWorld, name: string, payload: string) {
  const client = this.client(name);
  const live = await client.waitFor(`PUBLISH ${JSON.stringify(payload)}`, (packet): packet is IPublishPacket => packet.cmd === "publish" && payloadText(packet) === payload, this.deliveryTimeoutMs);
  const order = client.packets.filter((raw) => raw.packet.cmd === "publish").map((raw) => payloadText(raw.packet as IPublishPacket));
  const fromEnd = [...order].reverse().findIndex((text) => text.startsWith("message "));
  const lastNumbered = fromEnd < 0 ? -1 : order.length - 1 - fromEnd;
  check(order.indexOf(payloadText(live)) < lastNumbered, client, `expected the live message ${JSON.stringify(payload)} to arrive alongside the replay, not after it; order: ${order.join(", ")}`);
});
