// Steps about Last Will and Testament: connecting with a Will, the ways a connection ends, and
// the Will as subscribers receive it (payload, properties, timing).
import { Given, Then, When, type DataTable } from "@cucumber/cucumber";
import type { IConnackPacket, IPublishPacket, Packet } from "mqtt-packet";
import type { ConnectFields, ProtocolVersion } from "../support/driver/client.ts";
import { describePacket } from "../support/driver/describe.ts";
import { check, checkConnackAccepted, connackCode } from "../support/harness/assertions.ts";
import { notApplicable } from "../support/harness/not-applicable.ts";
import { propertiesFrom } from "../support/harness/properties.ts";
import { sentWill, willFields, willPropertyDifferences, type WillProperties } from "../support/harness/will-fields.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

const persistentSessionExpirySeconds = 300;
const disconnectWithWillMessage = 0x04;

async function connectAccepted(world: ConformanceWorld, name: string, version: ProtocolVersion, fields: ConnectFields): Promise<void> {
  checkConnackAccepted(await world.connect(name, version, fields), world.client(name));
}

/** Connects when the broker may refuse: a close without CONNACK is an answer too. */
async function connectMaybeRefused(world: ConformanceWorld, name: string, version: ProtocolVersion, fields: ConnectFields): Promise<void> {
  await world.connect(name, version, fields).catch((error: Error) => {
    const client = world.client(name);
    if (!client.closed) throw error;
    client.closeExpected = true;
  });
}

/** The Will the named client sent, its topic and bytes: what subscribers must receive. */
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

Given(
  "client {string} is connected with MQTT {mqtt} and a retained Will of {string} on {string}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, payload: string, topic: string) {
    await connectAccepted(this, name, version, willFields(this.topic(topic), payload, { retain: true }));
  },
);

Given(
  "client {string} is connected with MQTT {mqtt}, keep-alive {int} s and a Will of {string} on {string}",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, keepalive: number, payload: string, topic: string) {
    await connectAccepted(this, name, version, { keepalive, ...willFields(this.topic(topic), payload) });
  },
);

Given(
  "client {string} is connected with MQTT {mqtt}, keep-alive {int} s and this Will on {string} at QoS {int}:",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion, keepalive: number, topic: string, qos: number, payload: string) {
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
  "client {string} is connected with MQTT 5, a persistent session and a Will of {string} on {string} delayed by {int} s",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, willDelayInterval: number) {
    const session = { clean: false, properties: { sessionExpiryInterval: persistentSessionExpirySeconds } };
    await connectAccepted(this, name, 5, { ...session, ...willFields(this.topic(topic), payload, { properties: { willDelayInterval } }) });
  },
);

Given(
  "client {string} is connected with MQTT 5 and a retained Will of {string} on {string}, expiring after {int} s",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, messageExpiryInterval: number) {
    await connectAccepted(this, name, 5, willFields(this.topic(topic), payload, { retain: true, properties: { messageExpiryInterval } }));
  },
);

When("client {string} connects with MQTT {mqtt} and a Will at QoS {int}", async function (this: ConformanceWorld, name: string, version: ProtocolVersion, qos: number) {
  await connectMaybeRefused(this, name, version, willFields(this.topic("devices/status"), "gone", { qos: qos as 0 | 1 | 2 }));
});

When("client {string} connects with MQTT {mqtt} and a Will on {string}", async function (this: ConformanceWorld, name: string, version: ProtocolVersion, topic: string) {
  await connectMaybeRefused(this, name, version, willFields(this.topic(topic), "gone"));
});

When("{string} falls silent past its keep-alive", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const keepAliveSeconds = this.connack(name).properties?.serverKeepAlive ?? sentKeepAlive(this, name);
  client.closeExpected = true;
  // [LWT-06] the broker acts after 1.5 x keep-alive without a packet; the delivery timeout bounds the rest
  await client.waitForClose(keepAliveSeconds * 1500 + this.deliveryTimeoutMs);
});

function sentKeepAlive(world: ConformanceWorld, name: string): number {
  const connect = world.client(name).log.entries.find((entry) => entry.direction === "sent" && entry.packet?.cmd === "connect");
  return connect?.packet?.cmd === "connect" ? (connect.packet.keepalive ?? 0) : 0;
}

When("{string} disconnects asking for its Will to be published", async function (this: ConformanceWorld, name: string) {
  await this.client(name).disconnect(this.deliveryTimeoutMs, disconnectWithWillMessage);
});

Then("the broker closes the connection of {string}, unless it lets the violation pass", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  client.closeExpected = true;
  const closed = await client.waitForClose(this.deliveryTimeoutMs).then(
    () => true,
    () => false,
  );
  // closing for the violation is DIF-03's concern; without a close there is no Will to publish
  if (!closed) return notApplicable(this, `${this.target.descriptor.name} kept the connection of "${name}" open after the protocol violation: no disconnection happened for its Will to follow`);
  return undefined;
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

Then(
  "{string} receives the Will of {string} no sooner than {float} seconds after it dropped its connection",
  async function (this: ConformanceWorld, name: string, device: string, seconds: number) {
    const { matches, description } = willOf(this, device);
    const client = this.client(name);
    const droppedAt = this.client(device).closed?.at;
    if (droppedAt === undefined) throw new Error(`"${device}" has not dropped its connection`);
    await client.waitFor(description, matches, seconds * 1000 + this.deliveryTimeoutMs);
    const arrival = client.packets.find((raw) => matches(raw.packet));
    const delayMs = (arrival?.entry.at ?? 0) - droppedAt;
    // timers may fire a few milliseconds early; anything sooner is no delay at all
    check(delayMs >= seconds * 1000 - 50, client, `expected ${description} no sooner than ${seconds} s after the drop, got it after ${delayMs} ms`);
  },
);

Then("the broker refuses the Will of {string} with CONNACK {code}", async function (this: ConformanceWorld, name: string, reasonCode: number) {
  const client = this.client(name);
  const connack: IConnackPacket = this.connack(name);
  check(connackCode(connack) === reasonCode, client, `expected CONNACK 0x${reasonCode.toString(16).toUpperCase()}, got ${describePacket(connack)}`);
  client.closeExpected = true;
  await client.waitForClose(this.deliveryTimeoutMs);
});

Then("the broker refuses the Will of {string} by closing the connection", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  client.closeExpected = true;
  await client.waitForClose(this.deliveryTimeoutMs);
  // MQTT 3.1.1 has no return code for a refused Will: a CONNACK, if any, must not accept
  const connack = this.connacks.get(name);
  check(connack === undefined || connackCode(connack) !== 0, client, `expected the connection refused, got ${connack ? describePacket(connack) : "no CONNACK"}`);
});
