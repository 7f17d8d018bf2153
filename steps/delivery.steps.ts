// Steps about the PUBLISH packets a client receives: by topic and payload, their QoS, flags and
// properties, user properties in order, and their absence. An absence claim runs only on a
// subscription the scenario saw granted (support/harness/grants.ts): otherwise it could not fail.
import type { DataTable } from "@cucumber/cucumber";
import type { IPublishPacket, Packet } from "mqtt-packet";
import { describePacket } from "../support/driver/describe.ts";
import { isPublish, isPublishOn, payloadText } from "../support/driver/predicates.ts";
import { publishUserProperties, type UserPropertyPair } from "../support/driver/user-properties.ts";
import { check } from "../support/harness/assertions.ts";
import { waitQuietPeriod } from "../support/harness/clock.ts";
import { Then } from "../support/harness/define-steps.ts";
import { numbersFrom, numbersReceived } from "../support/harness/numbered-messages.ts";
import { pollUntil } from "../support/harness/polling.ts";
import { unmetExpectations } from "../support/harness/properties.ts";
import { NotApplicable } from "../support/harness/verdicts.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** Waits for a PUBLISH on the topic (with the payload, if given); claims it. */
export async function receive(
  world: ConformanceWorld,
  name: string,
  topic: string,
  payload?: string,
): Promise<IPublishPacket> {
  const what =
    payload === undefined
      ? `a PUBLISH on ${JSON.stringify(topic)}`
      : `PUBLISH ${JSON.stringify(payload)} on ${JSON.stringify(topic)}`;
  return world.client(name).waitFor(what, isPublishOn(topic, payload), world.deliveryTimeoutMs);
}

/** No unclaimed PUBLISH on any of the topics arrives at any of the clients within one quiet period. */
export async function receiveNothingOn(
  world: ConformanceWorld,
  names: readonly string[],
  topics: readonly string[],
): Promise<void> {
  for (const name of names) for (const topic of topics) world.grants.requireFor(name, topic, world.namespace);
  const wanted = new Set(topics);
  const described = topics.map((topic) => JSON.stringify(topic)).join(" or ");
  await Promise.all(
    names.map((name) =>
      world
        .client(name)
        .expectNothing(
          `PUBLISH on ${described}`,
          (packet) => packet.cmd === "publish" && wanted.has(packet.topic),
          world.quietPeriodMs,
        ),
    ),
  );
}

Then(
  "{string} receives {string} on {string}",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string) {
    await receive(this, name, this.topic(topic), payload);
  },
);

Then(
  "{string} receives {string} on {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
    const publish = await receive(this, name, this.topic(topic), payload);
    check(
      publish.qos === qos,
      this.client(name),
      `expected ${JSON.stringify(payload)} at QoS ${qos}, got it at QoS ${publish.qos}`,
    );
  },
);

/** [MQTT5-3.3.4-2] [MQTT-3.3.5-1] a broker may send one copy per matching subscription: one of them at this QoS. */
Then(
  "{string} receives {string} on {string} at QoS {int}, in one of its copies",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number) {
    const client = this.client(name);
    const copies = () => client.matching(isPublishOn(this.topic(topic), payload));
    await pollUntil(
      `${JSON.stringify(payload)} on ${JSON.stringify(topic)} at QoS ${qos}`,
      () => copies().some((publish) => publish.qos === qos),
      [client],
      this.deliveryTimeoutMs,
    ).catch(() => {
      check(
        false,
        client,
        `expected ${JSON.stringify(payload)} at QoS ${qos} in one of its copies, ` +
          `got ${copies().map(describePacket).join("; ") || "none"}`,
      );
    });
  },
);

Then(
  "{string} receives {string} on {string} at QoS {int} with RETAIN {int}",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, qos: number, retain: number) {
    const publish = await receive(this, name, this.topic(topic), payload);
    check(
      publish.qos === qos && (publish.retain ? 1 : 0) === retain,
      this.client(name),
      `expected ${JSON.stringify(payload)} at QoS ${qos} with RETAIN=${retain}, got ${describePacket(publish)}`,
    );
  },
);

Then(
  "{string} receives {string} on {string} with RETAIN {int}",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, retain: number) {
    const publish = await receive(this, name, this.topic(topic), payload);
    check(
      (publish.retain ? 1 : 0) === retain,
      this.client(name),
      `expected ${JSON.stringify(payload)} with RETAIN=${retain}, got ${describePacket(publish)}`,
    );
  },
);

Then("{string} receives a message on {string}", async function (this: ConformanceWorld, name: string, topic: string) {
  await receive(this, name, this.topic(topic));
});

Then(
  "{string} receives a message on each of these topics:",
  async function (this: ConformanceWorld, name: string, table: DataTable) {
    await Promise.all(table.raw().map(([topic]) => receive(this, name, this.topic(topic))));
  },
);

Then(
  "{string} receives {string} on that topic",
  async function (this: ConformanceWorld, name: string, payload: string) {
    await receive(this, name, this.lastTopic, payload);
  },
);

Then(
  '{string} receives {string} on {string}, unless the broker delivers no message on a topic beginning with "$"',
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
    const unseen = 'whether a wildcard filter matches a topic beginning with "$" cannot be seen';
    const judged = "a broker that delivers client messages on such topics is judged on this scenario";
    throw new NotApplicable(
      `${this.target.descriptor.name} delivered no PUBLISH on ${JSON.stringify(this.topic(topic))}, ` +
        `not even to a subscription naming that topic, so ${unseen}; ${judged}`,
    );
  },
);

Then(
  "{clients} receive(s) nothing( else) on {string}",
  async function (this: ConformanceWorld, names: string[], topic: string) {
    await receiveNothingOn(this, names, [this.topic(topic)]);
  },
);

Then(
  "{string} receives nothing on any of these topics:",
  async function (this: ConformanceWorld, name: string, table: DataTable) {
    await receiveNothingOn(
      this,
      [name],
      table.raw().map(([topic]) => this.topic(topic)),
    );
  },
);

Then("{string} receives nothing on that topic", async function (this: ConformanceWorld, name: string) {
  await receiveNothingOn(this, [name], [this.lastTopic]);
});

Then(
  "every PUBLISH {string} received has {word} {int}",
  function (this: ConformanceWorld, name: string, flag: string, value: number) {
    if (flag !== "DUP" && flag !== "RETAIN") throw new Error(`a PUBLISH flag is DUP or RETAIN, not ${flag}`);
    const client = this.client(name);
    const publishes = client.matching(isPublish);
    const flagged = publishes.filter((publish) => ((flag === "DUP" ? publish.dup : publish.retain) ? 1 : 0) !== value);
    check(publishes.length > 0, client, "expected PUBLISHes to look at, got none");
    check(
      flagged.length === 0,
      client,
      `expected ${flag}=${value} on every PUBLISH, ` +
        `got ${flag}=${1 - value} on ${flagged.map((publish) => JSON.stringify(payloadText(publish))).join(", ")}`,
    );
  },
);

Then(
  "{string} receives {string} on {string} with these properties:",
  async function (this: ConformanceWorld, name: string, payload: string, topic: string, table: DataTable) {
    const received = await receive(this, name, this.topic(topic), payload);
    const unmet = unmetExpectations(this, received.properties, table.raw());
    check(
      unmet.length === 0,
      this.client(name),
      `expected PUBLISH properties:\n    ${unmet.join("\n    ")}\n  in ${describePacket(received)}`,
    );
  },
);

/**
 * The Message Expiry Interval a delivery carries, against the time the message waited: [M5-05]
 * AWS IoT Core counts it down in whole seconds and shows 0 under a second; [MQTT5-3.3.2-6] OASIS
 * asks for the received value less the time waited, whole seconds either way.
 */
Then(
  "{string} receives {string} on {string} with {remaining}",
  async function (
    this: ConformanceWorld,
    name: string,
    payload: string,
    topic: string,
    remaining: "whole-seconds" | "less-waited",
  ) {
    const client = this.client(name);
    const received = await receive(this, name, this.topic(topic), payload);
    const sent = this.allClients()
      .flatMap((other) => other.log.entries)
      .find(
        (entry) =>
          entry.direction === "sent" && entry.packet?.cmd === "publish" && payloadText(entry.packet) === payload,
      );
    const interval = sent?.packet?.cmd === "publish" ? sent.packet.properties?.messageExpiryInterval : undefined;
    if (!sent || interval === undefined)
      throw new Error(
        `no PUBLISH of ${JSON.stringify(payload)} with a Message Expiry Interval was sent in this scenario`,
      );
    const arrivedAt = client.packets.find((raw) => raw.packet === received)?.entry.at ?? Date.now();
    const waitedSeconds = (arrivedAt - sent.at) / 1000;
    // it waited between no time and the whole time from sending to arrival: floor() of what was left;
    // OASIS subtracts the time waited, so a message that waited a second or more shows at least a second less
    const fewest = Math.max(0, Math.floor(interval - waitedSeconds) - (remaining === "less-waited" ? 1 : 0));
    const most =
      remaining === "less-waited"
        ? Math.min(interval, interval - Math.floor(waitedSeconds) + 1, Math.max(fewest, interval - 1))
        : Math.max(fewest, interval - 1);
    const actual = received.properties?.messageExpiryInterval;
    check(
      actual !== undefined && actual >= fewest && actual <= most,
      client,
      `expected a Message Expiry Interval of the whole seconds left (${fewest} to ${most}), ` +
        `got ${describePacket(received)}`,
    );
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
    const shown = (pairs: readonly UserPropertyPair[]) =>
      pairs.map(([key, value]) => `${key}=${value}`).join(", ") || "none";
    check(
      JSON.stringify(actual) === JSON.stringify(expected),
      client,
      `expected user properties ${shown(expected)} in this order, got ${shown(actual)}`,
    );
  },
);

Then(
  "{clients} receive(s) no {string} on {string}",
  async function (this: ConformanceWorld, names: string[], payload: string, topic: string) {
    for (const name of names) this.grants.requireFor(name, this.topic(topic), this.namespace);
    await Promise.all(
      names.map((name) =>
        this.client(name).expectNothing(
          `PUBLISH ${JSON.stringify(payload)} on ${JSON.stringify(this.topic(topic))}`,
          isPublishOn(this.topic(topic), payload),
          this.quietPeriodMs,
        ),
      ),
    );
  },
);

/**
 * [MQTT-2.3.1-5] [MQTT5-2.2.1-2] a QoS 0 PUBLISH has no packet identifier: its payload follows the
 * topic (and properties) on the wire.
 */
Then(
  "the QoS 0 PUBLISH of {string} {string} received has no packet identifier",
  function (this: ConformanceWorld, payload: string, name: string) {
    const client = this.client(name);
    const raw = client.packets.find(
      (received) => received.packet.cmd === "publish" && payloadText(received.packet) === payload,
    );
    if (raw?.packet.cmd !== "publish")
      throw new Error(`"${name}" received no PUBLISH of ${JSON.stringify(payload)}: an earlier step waits for it`);
    const varintEnd = (at: number): number => {
      let end = at;
      while (raw.bytes[end] & 0x80) end++;
      return end + 1;
    };
    const varintValue = (at: number): number =>
      [...raw.bytes.subarray(at, varintEnd(at))].reduce((sum, byte, index) => sum + (byte & 0x7f) * 128 ** index, 0);
    let offset = varintEnd(1) + 2 + raw.bytes.readUInt16BE(varintEnd(1));
    if (client.protocolVersion === 5) offset = varintEnd(offset) + varintValue(offset);
    check(
      raw.packet.qos === 0 && raw.bytes.length - offset === Buffer.byteLength(payload),
      client,
      `expected the payload right after the topic${client.protocolVersion === 5 ? " and properties" : ""} ` +
        `of a QoS 0 PUBLISH, got ${raw.bytes.toString("hex")}`,
    );
  },
);

Then(
  "{string} receives the numbered messages {int} to {int} on {string} in that order",
  async function (this: ConformanceWorld, name: string, first: number, last: number, topic: string) {
    const client = this.client(name);
    const expected = numbersFrom(first, last);
    await pollUntil(
      `the numbered messages ${first} to ${last} on ${JSON.stringify(this.topic(topic))}`,
      () => new Set(numbersReceived(client, this.topic(topic))).size >= expected.length,
      [client],
      this.deliveryTimeoutMs,
      () => numbersReceived(client, this.topic(topic)).length,
    );
    const received = numbersReceived(client, this.topic(topic));
    const outOfOrder = received.findIndex((number, index) => index > 0 && number < received[index - 1]);
    check(
      outOfOrder < 0,
      client,
      `expected the numbered messages in the order published, got ${received[outOfOrder]} ` +
        `after ${received[outOfOrder - 1]}: ${received.slice(0, 20).join(", ")}${received.length > 20 ? ", …" : ""}`,
    );
  },
);

/** [MQTT5-3.3.1-9] [MQTT5-3.3.1-10] a message arrived exactly so many times, each with this RETAIN flag. */
Then(
  "{string} receives {string} on {string} {int} time(s) with RETAIN {int}",
  async function (
    this: ConformanceWorld,
    name: string,
    payload: string,
    topic: string,
    times: number,
    retain: number,
  ) {
    const client = this.client(name);
    const copies = () => client.matching(isPublishOn(this.topic(topic), payload));
    await pollUntil(
      `${times} × ${JSON.stringify(payload)} on ${JSON.stringify(topic)}`,
      () => copies().length >= times,
      [client],
      this.deliveryTimeoutMs,
    );
    await waitQuietPeriod(this.quietPeriodMs);
    check(
      copies().length === times,
      client,
      `expected ${JSON.stringify(payload)} ${times} time(s), got it ${copies().length} times`,
    );
    const flagged = copies().filter((publish) => (publish.retain ? 1 : 0) !== retain);
    check(
      flagged.length === 0,
      client,
      `expected RETAIN ${retain} on every copy, got ${flagged.map(describePacket).join("; ")}`,
    );
  },
);

/** The Subscription Identifiers of a PUBLISH: none, one or several (mqtt-packet gives a number or a list). */
function subscriptionIdentifiersOf(publish: IPublishPacket): number[] {
  const ids = publish.properties?.subscriptionIdentifier as number | number[] | undefined;
  return ids === undefined ? [] : Array.isArray(ids) ? ids : [ids];
}

/** The copies of a message a client received, once the broker has had time to send them all. */
async function copiesOf(world: ConformanceWorld, name: string, payload: string): Promise<IPublishPacket[]> {
  const client = world.client(name);
  const isCopy = (packet: Packet): packet is IPublishPacket =>
    packet.cmd === "publish" && payloadText(packet) === payload;
  // several steps inspect the same copies: only the first waits for one
  if (client.matching(isCopy).length === 0)
    await client.waitFor(`PUBLISH ${JSON.stringify(payload)}`, isCopy, world.deliveryTimeoutMs);
  await waitQuietPeriod(world.quietPeriodMs);
  return client.matching(isPublish).filter((publish) => payloadText(publish) === payload);
}

function describeIdentifiers(copies: readonly IPublishPacket[]): string {
  return copies.map((publish) => `[${subscriptionIdentifiersOf(publish).join(", ") || "none"}]`).join(", ");
}

/**
 * [MQTT5-3.3.4-3] between them the copies carry both identifiers; [MQTT5-3.3.4-4] a single copy
 * carries both; [MQTT5-3.3.4-5] each of several copies carries at most the one of the subscription
 * it serves. The last two bind only when the broker sent one copy, or several.
 */
Then(
  "the copies of {string} {string} received carry the Subscription Identifiers {int} and {int} {spread}",
  async function (
    this: ConformanceWorld,
    payload: string,
    name: string,
    first: number,
    second: number,
    spread: "between" | "single" | "several",
  ) {
    const copies = await copiesOf(this, name, payload);
    const client = this.client(name);
    const shown = `${copies.length} copies: ${describeIdentifiers(copies)}`;
    if (spread === "between") {
      const carried = new Set(copies.flatMap(subscriptionIdentifiersOf));
      check(
        carried.has(first) && carried.has(second),
        client,
        `expected Subscription Identifiers ${first} and ${second} on the copies, got ${shown}`,
      );
    } else if (spread === "single") {
      const rule = "so the rule for a single copy does not apply; the one for several does";
      if (copies.length !== 1)
        throw new NotApplicable(`${this.target.descriptor.name} sent ${copies.length} copies, ${rule}`);
      const ids = subscriptionIdentifiersOf(copies[0]);
      check(
        ids.includes(first) && ids.includes(second),
        client,
        `expected both Subscription Identifiers on the one copy, got ${shown}`,
      );
    } else {
      const rule = "so the rule for several copies does not apply; the one for a single copy does";
      if (copies.length === 1) throw new NotApplicable(`${this.target.descriptor.name} sent a single copy, ${rule}`);
      check(
        copies.every((publish) => subscriptionIdentifiersOf(publish).length <= 1),
        client,
        `expected at most one Subscription Identifier per copy, got ${shown}`,
      );
    }
  },
);

/** [MQTT5-3.3.2-12] both messages of every alias the publisher used arrived on the alias's topic. */
Then(
  "{string} receives both messages of each alias on the topic {string} and its number",
  async function (this: ConformanceWorld, name: string, prefix: string) {
    const publisher = this.allClients().find((client) =>
      client.log.entries.some(
        (entry) =>
          entry.direction === "sent" &&
          entry.packet?.cmd === "publish" &&
          entry.packet.properties?.topicAlias !== undefined,
      ),
    );
    const maximum = publisher?.announced?.topicAliasMaximum ?? 0;
    check(maximum > 0, this.client(name), "expected a publisher that used topic aliases");
    for (let alias = 1; alias <= maximum; alias++) {
      await receive(this, name, this.topic(`${prefix}${alias}`), `set ${alias}`);
      await receive(this, name, this.topic(`${prefix}${alias}`), `use ${alias}`);
    }
  },
);

/** [MQTT5-4.6.0-6] per topic and per published QoS, the numbered messages arrived in the order published. */
Then(
  "{string} receives the numbered messages of each topic and QoS in the order published",
  async function (this: ConformanceWorld, name: string) {
    const client = this.client(name);
    const sent = this.allClients()
      .flatMap((other) => other.log.entries)
      .filter(
        (entry) =>
          entry.direction === "sent" &&
          entry.packet?.cmd === "publish" &&
          /^message \d+$/.test(payloadText(entry.packet)),
      );
    check(sent.length > 0, client, "expected numbered messages published in this scenario");
    const numbered = () => client.matching(isPublish).filter((publish) => /^message \d+$/.test(payloadText(publish)));
    await pollUntil(
      `all ${sent.length} numbered messages`,
      () => numbered().length >= sent.length,
      [client],
      this.deliveryTimeoutMs,
    );
    const groups = new Map<string, number[]>();
    for (const publish of numbered()) {
      const key = `${publish.topic} at QoS ${publish.qos}`;
      groups.set(key, [...(groups.get(key) ?? []), Number(payloadText(publish).slice("message ".length))]);
    }
    for (const [key, numbers] of groups) {
      const outOfOrder = numbers.findIndex((number, index) => index > 0 && number < numbers[index - 1]);
      check(
        outOfOrder < 0,
        client,
        `expected the messages on ${key} in the order published, got ${numbers.join(", ")}`,
      );
    }
  },
);
