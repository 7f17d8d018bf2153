// Steps about the PUBLISH packets a client receives: by topic and payload, their QoS, flags and
// properties, user properties in order, and their absence. An absence claim runs only on a
// subscription the scenario saw granted (support/harness/grants.ts): otherwise it could not fail.
import type { DataTable } from "@cucumber/cucumber";
import type { IPublishPacket } from "mqtt-packet";
import { describePacket } from "../support/driver/describe.ts";
import { isPublish, isPublishOn, payloadText } from "../support/driver/predicates.ts";
import { publishUserProperties, type UserPropertyPair } from "../support/driver/user-properties.ts";
import { check } from "../support/harness/assertions.ts";
import { Then } from "../support/harness/define-steps.ts";
import { numbersFrom, numbersReceived } from "../support/harness/numbered-messages.ts";
import { pollUntil } from "../support/harness/polling.ts";
import { unmetExpectations } from "../support/harness/properties.ts";
import { NotApplicable } from "../support/harness/verdicts.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** Waits for a PUBLISH on the topic (with the payload, if given); claims it. */
export async function receive(world: ConformanceWorld, name: string, topic: string, payload?: string): Promise<IPublishPacket> {
  const what = payload === undefined ? `a PUBLISH on ${JSON.stringify(topic)}` : `PUBLISH ${JSON.stringify(payload)} on ${JSON.stringify(topic)}`;
  return world.client(name).waitFor(what, isPublishOn(topic, payload), world.deliveryTimeoutMs);
}

/** No unclaimed PUBLISH on any of the topics arrives at any of the clients within one quiet period. */
export async function receiveNothingOn(world: ConformanceWorld, names: readonly string[], topics: readonly string[]): Promise<void> {
  for (const name of names) for (const topic of topics) world.grants.requireFor(name, topic, world.namespace);
  const wanted = new Set(topics);
  const described = topics.map((topic) => JSON.stringify(topic)).join(" or ");
  await Promise.all(names.map((name) => world.client(name).expectNothing(`PUBLISH on ${described}`, (packet) => packet.cmd === "publish" && wanted.has(packet.topic), world.quietPeriodMs)));
}

Then("{string} receives {string} on {string}", async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
  await receive(this, name, this.topic(topic), payload);
});

Then("{string} receives {string} on {string} at QoS {int}", async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
  const publish = await receive(this, name, this.topic(topic), payload);
  check(publish.qos === qos, this.client(name), `expected ${JSON.stringify(payload)} at QoS ${qos}, got it at QoS ${publish.qos}`);
});

Then("{string} receives {string} on {string} at QoS {int} with RETAIN {int}", async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number, retain: number) {
  const publish = await receive(this, name, this.topic(topic), payload);
  check(publish.qos === qos && (publish.retain ? 1 : 0) === retain, this.client(name), `expected ${JSON.stringify(payload)} at QoS ${qos} with RETAIN=${retain}, got ${describePacket(publish)}`);
});

Then("{string} receives {string} on {string} with RETAIN {int}", async function (this: ConformanceWorld, name: string, payload: string, topic: string, retain: number) {
  const publish = await receive(this, name, this.topic(topic), payload);
  check((publish.retain ? 1 : 0) === retain, this.client(name), `expected ${JSON.stringify(payload)} with RETAIN=${retain}, got ${describePacket(publish)}`);
});

Then("{string} receives a message on {string}", async function (this: ConformanceWorld, name: string, topic: string) {
  await receive(this, name, this.topic(topic));
});

Then("{string} receives a message on each of these topics:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  await Promise.all(table.raw().map(([topic]) => receive(this, name, this.topic(topic))));
});

Then("{string} receives {string} on that topic", async function (this: ConformanceWorld, name: string, payload: string) {
  await receive(this, name, this.lastTopic, payload);
});

Then(
  "{string} receives {string} on {string}, unless the broker delivers no message on a topic beginning with \"$\"",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    const client = this.client(name);
    const delivered = await receive(this, name, this.topic(topic), payload).then(
      () => true,
      (error: Error) => {
        if (client.closed) throw error;
        return false;
      },
    );
    if (delivered) return;
    // OASIS 4.7.2: a broker SHOULD keep clients from exchanging messages on topics beginning with "$"
    throw new NotApplicable(`${this.target.descriptor.name} delivered no PUBLISH on ${JSON.stringify(this.topic(topic))}, not even to a subscription naming that topic, so whether a wildcard filter matches a topic beginning with "$" cannot be seen; a broker that delivers client messages on such topics is judged on this scenario`);
  },
);

Then("{clients} receive(s) nothing( else) on {string}", async function (this: ConformanceWorld, names: string[], topic: string) {
  await receiveNothingOn(this, names, [this.topic(topic)]);
});

Then("{string} receives nothing on any of these topics:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  await receiveNothingOn(this, [name], table.raw().map(([topic]) => this.topic(topic)));
});

Then("{string} receives nothing on that topic", async function (this: ConformanceWorld, name: string) {
  await receiveNothingOn(this, [name], [this.lastTopic]);
});

Then("every PUBLISH {string} received has {word} {int}", function (this: ConformanceWorld, name: string, flag: string, value: number) {
  if (flag !== "DUP" && flag !== "RETAIN") throw new Error(`a PUBLISH flag is DUP or RETAIN, not ${flag}`);
  const client = this.client(name);
  const publishes = client.matching(isPublish);
  const flagged = publishes.filter((publish) => ((flag === "DUP" ? publish.dup : publish.retain) ? 1 : 0) !== value);
  check(publishes.length > 0, client, "expected PUBLISHes to look at, got none");
  check(flagged.length === 0, client, `expected ${flag}=${value} on every PUBLISH, got ${flag}=${1 - value} on ${flagged.map((publish) => JSON.stringify(payloadText(publish))).join(", ")}`);
});

Then(
  "{string} receives {string} on {string} with these properties:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, table: DataTable) {
    const received = await receive(this, name, this.topic(topic), payload);
    const unmet = unmetExpectations(this, received.properties, table.raw());
    check(unmet.length === 0, this.client(name), `expected PUBLISH properties:\n    ${unmet.join("\n    ")}\n  in ${describePacket(received)}`);
  },
);

Then(
  "{string} receives {string} on {string} with the whole seconds it has left, 0 under a second",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    // [M5-05] AWS IoT Core counts the expiry down in whole seconds and shows 0 for less than one
    const client = this.client(name);
    const received = await receive(this, name, this.topic(topic), payload);
    const sent = this.allClients().flatMap((other) => other.log.entries).find((entry) => entry.direction === "sent" && entry.packet?.cmd === "publish" && payloadText(entry.packet) === payload);
    const interval = sent?.packet?.cmd === "publish" ? sent.packet.properties?.messageExpiryInterval : undefined;
    if (!sent || interval === undefined) throw new Error(`no PUBLISH of ${JSON.stringify(payload)} with a Message Expiry Interval was sent in this scenario`);
    const arrivedAt = client.packets.find((raw) => raw.packet === received)?.entry.at ?? Date.now();
    // it waited between no time and the whole time from sending to arrival: floor() of what was left
    const fewest = Math.max(0, Math.floor(interval - (arrivedAt - sent.at) / 1000));
    const most = Math.max(fewest, interval - 1);
    const actual = received.properties?.messageExpiryInterval;
    check(actual !== undefined && actual >= fewest && actual <= most, client, `expected a Message Expiry Interval of the whole seconds left (${fewest} to ${most}), got ${describePacket(received)}`);
  },
);

Then(
  "{string} receives {string} on {string} with these user properties in this order:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, table: DataTable) {
    const client = this.client(name);
    const received = await receive(this, name, this.topic(topic), payload);
    const raw = client.packets.find((packet) => packet.packet === received)!;
    const expected: UserPropertyPair[] = table.raw().map(([key, value]) => [key, value] as const);
    const actual = publishUserProperties(raw.bytes);
    const shown = (pairs: readonly UserPropertyPair[]) => pairs.map(([key, value]) => `${key}=${value}`).join(", ") || "none";
    check(JSON.stringify(actual) === JSON.stringify(expected), client, `expected user properties ${shown(expected)} in this order, got ${shown(actual)}`);
  },
);

Then("{clients} receive(s) no {string} on {string}", async function (this: ConformanceWorld, names: string[], payload: string, topic: string) {
  for (const name of names) this.grants.requireFor(name, this.topic(topic), this.namespace);
  await Promise.all(names.map((name) => this.client(name).expectNothing(`PUBLISH ${JSON.stringify(payload)} on ${JSON.stringify(this.topic(topic))}`, isPublishOn(this.topic(topic), payload), this.quietPeriodMs)));
});

/** [MQTT-2.3.1-5] [MQTT5-2.2.1-2] a QoS 0 PUBLISH has no packet identifier: its payload follows the topic (and properties) on the wire. */
Then("the QoS 0 PUBLISH of {string} {string} received has no packet identifier", function (this: ConformanceWorld, payload: string, name: string) {
  const client = this.client(name);
  const raw = client.packets.find((received) => received.packet.cmd === "publish" && payloadText(received.packet) === payload);
  if (!raw || raw.packet.cmd !== "publish") throw new Error(`"${name}" received no PUBLISH of ${JSON.stringify(payload)}: an earlier step waits for it`);
  const varintEnd = (at: number): number => {
    let end = at;
    while (raw.bytes[end] & 0x80) end++;
    return end + 1;
  };
  const varintValue = (at: number): number => [...raw.bytes.subarray(at, varintEnd(at))].reduce((sum, byte, index) => sum + (byte & 0x7f) * 128 ** index, 0);
  let offset = varintEnd(1) + 2 + raw.bytes.readUInt16BE(varintEnd(1));
  if (client.protocolVersion === 5) offset = varintEnd(offset) + varintValue(offset);
  check(raw.packet.qos === 0 && raw.bytes.length - offset === Buffer.byteLength(payload), client, `expected the payload right after the topic${client.protocolVersion === 5 ? " and properties" : ""} of a QoS 0 PUBLISH, got ${raw.bytes.toString("hex")}`);
});

Then("{string} receives the numbered messages {int} to {int} on {string} in that order", async function (this: ConformanceWorld, name: string, first: number, last: number, topic: string) {
  const client = this.client(name);
  const expected = numbersFrom(first, last);
  await pollUntil(`the numbered messages ${first} to ${last} on ${JSON.stringify(this.topic(topic))}`, () => new Set(numbersReceived(client, this.topic(topic))).size >= expected.length, [client], this.deliveryTimeoutMs);
  const received = numbersReceived(client, this.topic(topic));
  const outOfOrder = received.findIndex((number, index) => index > 0 && number < received[index - 1]);
  check(outOfOrder < 0, client, `expected the numbered messages in the order published, got ${received[outOfOrder]} after ${received[outOfOrder - 1]}: ${received.slice(0, 20).join(", ")}${received.length > 20 ? ", …" : ""}`);
});
