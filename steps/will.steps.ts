// Steps about Last Will and Testament: connecting with a Will (its QoS, retain flag, properties,
// delay, expiry), and the Will as subscribers receive it: its bytes, its properties, its timing.
import type { DataTable } from "@cucumber/cucumber";
import type { IPublishPacket, Packet } from "mqtt-packet";
import type { ProtocolVersion } from "../support/driver/client.ts";
import { describePacket } from "../support/driver/describe.ts";
import { check } from "../support/harness/assertions.ts";
import { connectAccepted, connectMaybeRefused, persistentFields } from "../support/harness/connecting.ts";
import { letTimePass } from "../support/harness/clock.ts";
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { propertiesFrom, splitPair } from "../support/harness/properties.ts";
import { describeWindow, expiryWindow, shortExpirySeconds, shortKeepAliveSeconds } from "../support/harness/timing.ts";
import { NotApplicable } from "../support/harness/verdicts.ts";
import { sentWill, willFields, willPropertyDifferences, type WillProperties } from "../support/harness/will-fields.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** The Will the named client sent, and how to recognise it on arrival: its topic and bytes. */
function willOf(world: ConformanceWorld, name: string) {
  const will = sentWill(world.client(name).log);
  if (!will) throw new Error(`"${name}" connected without a Will`);
  const payload = Buffer.isBuffer(will.payload) ? will.payload : Buffer.from(will.payload);
  const matches = (packet: Packet): packet is IPublishPacket => packet.cmd === "publish" && packet.topic === will.topic && Buffer.from(packet.payload).equals(payload);
  return { will, matches, description: `the Will of "${name}" (${payload.length} bytes) on ${JSON.stringify(will.topic)}` };
}

Given("client {string} is connected with MQTT {mqtt} and a Will of {string} on {string}", async function (this: ConformanceWorld, name: string, version: ProtocolVersion, payload: string, topic: string) {
  await connectAccepted(this, name, version, willFields(this.topic(topic), payload));
});

Given("client {string} is connected with MQTT {mqtt} and a retained Will of {string} on {string}", async function (this: ConformanceWorld, name: string, version: ProtocolVersion, payload: string, topic: string) {
  await connectAccepted(this, name, version, willFields(this.topic(topic), payload, { retain: true }));
});

Given(
  "client {string} is connected with MQTT {mqtt}, keep-alive {int} s and this Will on {string} at QoS {int}:",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, keepalive: number, topic: string, qos: number, payload: string) {
    await connectAccepted(this, name, version, { keepalive, ...willFields(this.topic(topic), payload, { qos: qos === 1 ? 1 : 0 }) });
  },
);

Given(
  "client {string} is connected with MQTT {mqtt}, a short keep-alive and this Will on {string} at QoS {int}:",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, topic: string, qos: number, payload: string) {
    const keepalive = shortKeepAliveSeconds(this.target.descriptor);
    await connectAccepted(this, name, version, { keepalive, ...willFields(this.topic(topic), payload, { qos: qos === 1 ? 1 : 0 }) });
  },
);

Given(
  "client {string} is connected with MQTT 5 and a Will of {string} on {string} with these Will Properties:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, table: DataTable) {
    await connectAccepted(this, name, 5, willFields(this.topic(topic), payload, { properties: propertiesFrom<WillProperties>(this, table.raw()) }));
  },
);

Given(
  "client {string} is connected with MQTT 5, a persistent session and a Will of {string} on {string} delayed by the short expiry",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    const willDelayInterval = shortExpirySeconds(this.target.descriptor);
    await connectAccepted(this, name, 5, { ...persistentFields(5), ...willFields(this.topic(topic), payload, { properties: { willDelayInterval } }) });
  },
);

Given(
  "client {string} is connected with MQTT 5 and a retained Will of {string} on {string}, expiring after the short expiry",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    const messageExpiryInterval = shortExpirySeconds(this.target.descriptor);
    await connectAccepted(this, name, 5, willFields(this.topic(topic), payload, { retain: true, properties: { messageExpiryInterval } }));
  },
);

Given(
  "client {string} is connected with MQTT 5, the user property {string} on its CONNECT, and a Will on {string} with the user property {string}",
  async function (this: ConformanceWorld, name: string, connectProperty: string, willTopic: string, willProperty: string) {
    const [connectKey, connectValue] = splitPair(connectProperty);
    const [willKey, willValue] = splitPair(willProperty);
    const will = willFields(this.topic(willTopic), `${name} is gone`, { properties: { userProperties: { [willKey]: willValue } } });
    await connectAccepted(this, name, 5, { ...will, properties: { userProperties: { [connectKey]: connectValue } } });
  },
);

When("client {string} connects with MQTT {mqtt} and a Will at QoS {int}", async function (this: ConformanceWorld, name: string, version: ProtocolVersion, qos: number) {
  await connectMaybeRefused(this, name, version, willFields(this.topic("devices/status"), "gone", { qos: qos as 0 | 1 | 2 }));
});

When("client {string} connects with MQTT {mqtt} and a Will on {string}", async function (this: ConformanceWorld, name: string, version: ProtocolVersion, topic: string) {
  await connectMaybeRefused(this, name, version, willFields(this.topic(topic), "gone"));
});

When("{string} stays connected past the short expiry", async function (this: ConformanceWorld, _name: string) {
  await letTimePass(expiryWindow(this.target.descriptor, shortExpirySeconds(this.target.descriptor)).latestMs / 1000);
});

Then("the broker closes the connection of {string}, unless it lets the violation pass", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  client.allowClose();
  const closed = await client.waitForClose(this.deliveryTimeoutMs).then(
    () => true,
    () => false,
  );
  // closing for the violation is DIF-03's concern; without a close there is no Will to publish
  if (!closed) throw new NotApplicable(`${this.target.descriptor.name} kept the connection of "${name}" open after the protocol violation, so no disconnection happened for its Will to follow (DIF-03 judges the close); a broker that closes it is judged on this scenario`);
});

Then("{string} receives the Will of {string}", async function (this: ConformanceWorld, name: string, device: string) {
  const { matches, description } = willOf(this, device);
  await this.client(name).waitFor(description, matches, this.deliveryTimeoutMs);
});

Then("{string} receives the Will of {string} with its Will Properties", async function (this: ConformanceWorld, name: string, device: string) {
  const { will, matches, description } = willOf(this, device);
  const client = this.client(name);
  const received = await client.waitFor(description, matches, this.deliveryTimeoutMs);
  const differences = willPropertyDifferences(will.properties ?? {}, received.properties);
  check(differences.length === 0, client, `expected the Will Properties on the published Will, got ${describePacket(received)}: ${differences.join("; ")}`);
});

/** [LWT-11] the Will comes its Will Delay Interval after the drop: not before, not much after. */
Then("{string} receives the Will of {string} its Will Delay Interval after it dropped its connection", async function (this: ConformanceWorld, name: string, device: string) {
  const { will, matches, description } = willOf(this, device);
  const client = this.client(name);
  const droppedAt = this.client(device).closed?.at;
  if (droppedAt === undefined) throw new Error(`"${device}" has not dropped its connection`);
  const window = expiryWindow(this.target.descriptor, will.properties?.willDelayInterval ?? 0);
  await client.waitFor(description, matches, Math.max(0, droppedAt + window.latestMs - Date.now()));
  const arrival = client.packets.find((raw) => matches(raw.packet));
  const delayMs = (arrival?.entry.at ?? 0) - droppedAt;
  check(delayMs >= window.earliestMs, client, `expected ${description} ${describeWindow(window)} after the drop, got it after ${(delayMs / 1000).toFixed(2)} s`);
});

