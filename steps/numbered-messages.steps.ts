// Steps about numbered messages ("message 1", "message 2", …): many PUBLISHes told apart by their
// payload, counted where they arrive: all of them, none twice, no more than a limit, at no more
// than a rate, across one client or the members of a shared group.
import type { IPublishPacket } from "mqtt-packet";
import type { MqttTestClient } from "../support/driver/client.ts";
import { isPublishOn, payloadText } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { waitQuietPeriod } from "../support/harness/clock.ts";
import { Then } from "../support/harness/define-steps.ts";
import { peakUnacknowledged } from "../support/harness/in-flight.ts";
import {
  isNumberedOn,
  numbersFrom,
  numbersReceived,
  replayRate,
  tally,
} from "../support/harness/numbered-messages.ts";
import { pollUntil } from "../support/harness/polling.ts";
import type { LimitKind } from "../support/harness/limit-kinds.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

function clientsNamed(world: ConformanceWorld, names: readonly string[]): MqttTestClient[] {
  return names.map((name) => world.client(name));
}

function missingOf(counts: Map<number, number>, numbers: readonly number[]): number[] {
  return numbers.filter((number) => !counts.has(number));
}

export function listed(numbers: readonly number[]): string {
  return numbers.length > 10 ? `${numbers.slice(0, 10).join(", ")}, … (${numbers.length} in all)` : numbers.join(", ");
}

/** Waits until the clients together hold every numbered message of the range. */
async function receiveAllBetween(
  world: ConformanceWorld,
  names: readonly string[],
  topic: string,
  numbers: readonly number[],
): Promise<void> {
  const clients = clientsNamed(world, names);
  await pollUntil(
    `${names.join(", ")} to receive between them the numbered messages ${numbers[0]} ` +
      `to ${numbers.at(-1)} on ${JSON.stringify(topic)}`,
    () => missingOf(tally(clients, topic), numbers).length === 0,
    clients,
    world.deliveryTimeoutMs,
    () => tally(clients, topic).size,
  );
}

/** Waits for a first numbered message, then a quiet period for the rest, and returns how many arrived. */
async function countAfterQuietPeriod(world: ConformanceWorld, name: string, topic: string): Promise<number[]> {
  const client = world.client(name);
  await client.waitFor(`a numbered message on ${JSON.stringify(topic)}`, isPublishOn(topic), world.deliveryTimeoutMs);
  await waitQuietPeriod(world.quietPeriodMs);
  return numbersReceived(client, topic);
}

Then(
  "{clients} (together )receive(s) each of the numbered messages {int} to {int} on {string}",
  async function (this: ConformanceWorld, names: string[], first: number, last: number, topic: string) {
    await receiveAllBetween(this, names, this.topic(topic), numbersFrom(first, last));
  },
);

Then(
  "{clients} (together )receive(s) each of the numbered messages {int} to {int} on {string} exactly once",
  async function (this: ConformanceWorld, names: string[], first: number, last: number, topic: string) {
    const numbers = numbersFrom(first, last);
    await receiveAllBetween(this, names, this.topic(topic), numbers);
    // a late second copy is what this step looks for, so it waits out the quiet period first
    await waitQuietPeriod(this.quietPeriodMs);
    const counts = tally(clientsNamed(this, names), this.topic(topic));
    const repeated = numbers.filter((number) => (counts.get(number) ?? 0) > 1);
    check(
      repeated.length === 0,
      this.client(names[0]),
      `expected each numbered message once across ${names.join(", ")}, got more than one copy of ${listed(repeated)}`,
    );
  },
);

Then(
  "{clients} (each )receive(s) at least one of the numbered messages on {string}",
  async function (this: ConformanceWorld, names: string[], topic: string) {
    await Promise.all(
      names.map((name) =>
        this.client(name).waitFor(
          `a numbered message on ${JSON.stringify(this.topic(topic))}`,
          isNumberedOn(this.topic(topic)),
          this.deliveryTimeoutMs,
        ),
      ),
    );
  },
);

/** How many numbered messages arrive: within a range, or exactly a limit of the broker [SES-10] [LIM-06]. */
Then(
  "{string} receives {amount} of the numbered messages on {string}",
  async function (
    this: ConformanceWorld,
    name: string,
    amount: { fewerThan?: number; atMost?: number; limit?: LimitKind },
    topic: string,
  ) {
    const client = this.client(name);
    const limit = amount.limit === undefined ? undefined : this.requireLimit(amount.limit);
    if (limit !== undefined) {
      const isNumbered = isNumberedOn(this.topic(topic));
      await pollUntil(
        `${limit} numbered messages on ${JSON.stringify(this.topic(topic))}`,
        () => client.matching(isNumbered).length >= limit,
        [client],
        this.deliveryTimeoutMs + limit * 10,
      );
    }
    const received = new Set(await countAfterQuietPeriod(this, name, this.topic(topic)));
    const expected =
      limit !== undefined
        ? `exactly the broker's ${amount.limit}, ${limit}`
        : amount.fewerThan !== undefined
          ? `fewer than ${amount.fewerThan}`
          : `at most ${amount.atMost}`;
    const within =
      limit !== undefined
        ? received.size === limit
        : amount.fewerThan !== undefined
          ? received.size < amount.fewerThan
          : received.size <= amount.atMost!;
    check(
      within,
      client,
      `expected ${expected} of the numbered messages, got ${received.size}: ${listed([...received])}`,
    );
  },
);

/** [LIM-06] every message of "publishes N numbered messages more than <limit>", once the client takes them. */
Then(
  "{string} receives each of the {int} numbered messages more than {limitKind} on {string}",
  async function (this: ConformanceWorld, name: string, extra: number, kind: LimitKind, topic: string) {
    const count = this.requireLimit(kind) + extra;
    await receiveAllBetween(this, [name], this.topic(topic), numbersFrom(1, count));
  },
);

Then(
  "{string} never had more than {int} QoS 1 messages unacknowledged at once",
  function (this: ConformanceWorld, name: string, limit: number) {
    const client = this.client(name);
    const peak = peakUnacknowledged(client.log);
    check(
      peak <= limit,
      client,
      `expected at most ${limit} QoS 1 PUBLISHes awaiting a PUBACK at any time, got ${peak}`,
    );
  },
);

Then(
  "{string} receives the {int} numbered messages on {string} at no more than {int} per second",
  async function (this: ConformanceWorld, name: string, count: number, topic: string, perSecond: number) {
    const client = this.client(name);
    const isNumbered = isNumberedOn(this.topic(topic));
    // the replay itself takes (count - 1) / perSecond seconds; the delivery timeout bounds the rest
    const timeoutMs = ((count - 1) / perSecond) * 1000 + this.deliveryTimeoutMs;
    await client.waitFor(
      `message ${count} of the numbered messages`,
      (packet): packet is IPublishPacket => isNumbered(packet) && payloadText(packet) === `message ${count}`,
      timeoutMs,
    );
    const arrivals = client.packets.filter((raw) => isNumbered(raw.packet));
    const payloads = new Set(arrivals.map((raw) => payloadText(raw.packet as IPublishPacket)));
    check(payloads.size === count, client, `expected all ${count} numbered messages, got ${payloads.size}`);
    // 10 % for timer and network jitter; a broker that does not pace its replay sends hundreds per second
    const rate = replayRate(arrivals);
    check(
      rate <= perSecond * 1.1,
      client,
      `expected the stored messages at no more than ${perSecond} per second, got ${rate.toFixed(1)} per second`,
    );
  },
);

Then(
  "{string} received {string} before the last of the numbered messages",
  async function (this: ConformanceWorld, name: string, payload: string) {
    const client = this.client(name);
    const live = await client.waitFor(
      `PUBLISH ${JSON.stringify(payload)}`,
      (packet): packet is IPublishPacket => packet.cmd === "publish" && payloadText(packet) === payload,
      this.deliveryTimeoutMs,
    );
    const order = client.packets
      .filter((raw) => raw.packet.cmd === "publish")
      .map((raw) => payloadText(raw.packet as IPublishPacket));
    const fromEnd = [...order].reverse().findIndex((text) => text.startsWith("message "));
    const lastNumbered = fromEnd < 0 ? -1 : order.length - 1 - fromEnd;
    check(
      order.indexOf(payloadText(live)) < lastNumbered,
      client,
      `expected the live message ${JSON.stringify(payload)} to arrive alongside the replay, ` +
        `not after it; order: ${order.join(", ")}`,
    );
  },
);
