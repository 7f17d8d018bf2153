// Steps about shared subscription groups: filters of a given shape, numbered messages published
// to a group, what its members received between them (each message once, nothing lost), and how
// evenly it was split.
import { Then, When, type DataTable } from "@cucumber/cucumber";
import type { MqttTestClient } from "../support/driver/client.ts";
import { isPublishOn } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { numbersFrom, numbersReceived, publishNumbered, tally } from "../support/harness/numbered-messages.ts";
import { pollUntil } from "../support/harness/polling.ts";
import { chiSquareAgainstUniform, chiSquareSurvival } from "../support/harness/statistics.ts";
import { subscribe } from "../support/harness/subscribing.ts";
import { topicOfBytes, topicOfLevels } from "../support/harness/topic-shapes.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

function clientsNamed(world: ConformanceWorld, names: readonly string[]): MqttTestClient[] {
  return names.map((name) => world.client(name));
}

function missingOf(counts: Map<number, number>, numbers: readonly number[]): number[] {
  return numbers.filter((number) => !counts.has(number));
}

function listed(numbers: readonly number[]): string {
  return numbers.length > 10 ? `${numbers.slice(0, 10).join(", ")}, … (${numbers.length} in all)` : numbers.join(", ");
}

/** Waits until the clients together hold every numbered message of the range. */
async function receiveAllBetween(world: ConformanceWorld, names: readonly string[], topic: string, numbers: readonly number[]): Promise<Map<number, number>> {
  const clients = clientsNamed(world, names);
  await pollUntil(
    `${names.join(", ")} to receive between them the numbered messages ${numbers[0]} to ${numbers.at(-1)} on ${JSON.stringify(topic)}`,
    () => missingOf(tally(clients, topic), numbers).length === 0,
    clients,
    world.deliveryTimeoutMs,
  );
  return tally(clients, topic);
}

When(
  "{string} publishes numbered messages {int} to {int} to {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, first: number, last: number, topic: string, qos: number) {
    await publishNumbered(this, name, this.topic(topic), numbersFrom(first, last), qos);
  },
);

When(
  "{string} publishes numbered messages {int} to {int} of {int} bytes each to {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, first: number, last: number, bytes: number, topic: string, qos: number) {
    await publishNumbered(this, name, this.topic(topic), numbersFrom(first, last), qos, bytes);
  },
);

Then(
  "{names} together receive each of the numbered messages {int} to {int} on {string}",
  async function (this: ConformanceWorld, names: string[], first: number, last: number, topic: string) {
    await receiveAllBetween(this, names, this.topic(topic), numbersFrom(first, last));
  },
);

Then(
  "{names} together receive each of the numbered messages {int} to {int} on {string} exactly once",
  async function (this: ConformanceWorld, names: string[], first: number, last: number, topic: string) {
    const numbers = numbersFrom(first, last);
    await receiveAllBetween(this, names, this.topic(topic), numbers);
    // a late second copy is what this step looks for, so it waits out the quiet period first
    await new Promise((resolve) => setTimeout(resolve, this.quietPeriodMs)); // quiet period for an absence check
    const counts = tally(clientsNamed(this, names), this.topic(topic));
    const repeated = numbers.filter((number) => (counts.get(number) ?? 0) > 1);
    check(repeated.length === 0, this.client(names[0]), `expected each numbered message once across ${names.join(", ")}, got more than one copy of ${listed(repeated)}`);
  },
);

Then(
  "{string} receives each of the numbered messages {int} to {int} on {string}",
  async function (this: ConformanceWorld, name: string, first: number, last: number, topic: string) {
    const numbers = numbersFrom(first, last);
    const client = this.client(name);
    await pollUntil(
      `"${name}" to receive the numbered messages ${first} to ${last} on ${JSON.stringify(this.topic(topic))}`,
      () => missingOf(tally([client], this.topic(topic)), numbers).length === 0,
      [client],
      this.deliveryTimeoutMs,
    );
  },
);

Then("{string} receives at least one numbered message on {string}", async function (this: ConformanceWorld, name: string, topic: string) {
  await this.client(name).waitFor(`a numbered message on ${JSON.stringify(this.topic(topic))}`, isPublishOn(this.topic(topic)), this.deliveryTimeoutMs);
});

Then(
  "{string} receives some but fewer than {int} of the numbered messages on {string}",
  async function (this: ConformanceWorld, name: string, limit: number, topic: string) {
    const client = this.client(name);
    await client.waitFor(`a numbered message on ${JSON.stringify(this.topic(topic))}`, isPublishOn(this.topic(topic)), this.deliveryTimeoutMs);
    await new Promise((resolve) => setTimeout(resolve, this.quietPeriodMs)); // quiet period: the rest must not come
    const received = numbersReceived(client, this.topic(topic));
    check(received.length < limit, client, `expected fewer than ${limit} numbered messages, got ${received.length}: ${listed(received)}`);
  },
);

Then(
  "the split of the messages on {string} over {names} has a chi-square statistic below {float}, the critical value for {int} degrees of freedom at α = {float}",
  function (this: ConformanceWorld, topic: string, names: string[], critical: number, degreesOfFreedom: number, alpha: number) {
    const clients = clientsNamed(this, names);
    // the stated numbers must agree with each other, so the threshold is the one the text claims
    if (degreesOfFreedom !== names.length - 1) throw new Error(`${names.length} members give ${names.length - 1} degrees of freedom, not ${degreesOfFreedom}`);
    const significance = chiSquareSurvival(critical, degreesOfFreedom);
    if (Math.abs(significance - alpha) > alpha * 0.01) throw new Error(`${critical} is the critical value at α = ${significance.toPrecision(3)}, not ${alpha}`);
    const counts = clients.map((client) => numbersReceived(client, this.topic(topic)).length);
    const statistic = chiSquareAgainstUniform(counts);
    const split = names.map((name, index) => `${name} ${counts[index]}`).join(", ");
    check(statistic < critical, clients[0], `expected a split a uniform random choice could give (chi-square below ${critical}), got ${split}: chi-square ${statistic.toFixed(2)}`);
  },
);

Then(
  "each of these groups of clients receives {string} on {string} exactly once between them:",
  async function (this: ConformanceWorld, payload: string, topic: string, table: DataTable) {
    const groups = table.raw().map((row) => clientsNamed(this, row.filter((name) => name.length > 0)));
    const copies = (group: MqttTestClient[]): number => group.reduce((sum, client) => sum + client.matching(isPublishOn(this.topic(topic), payload)).length, 0);
    const everyone = groups.flat();
    await pollUntil(`every group to receive ${JSON.stringify(payload)}`, () => groups.every((group) => copies(group) > 0), everyone, this.deliveryTimeoutMs);
    await new Promise((resolve) => setTimeout(resolve, this.quietPeriodMs)); // quiet period for an absence check
    for (const group of groups) {
      check(copies(group) === 1, group[0], `expected ${group.map((client) => client.name).join(" and ")} to receive ${JSON.stringify(payload)} once between them, got ${copies(group)} copies`);
    }
  },
);

When("{string} subscribes to a shared filter whose share name has {int} bytes", async function (this: ConformanceWorld, name: string, bytes: number) {
  await subscribe(this, name, `$share/${"s".repeat(bytes)}/${this.topic("jobs")}`, 1);
});

When("{string} subscribes to a shared filter whose topic filter has {int} levels", async function (this: ConformanceWorld, name: string, levels: number) {
  await subscribe(this, name, `$share/workers/${topicOfLevels(this, levels)}`, 1);
});

When("{string} subscribes to a shared filter whose topic filter has {int} bytes", async function (this: ConformanceWorld, name: string, bytes: number) {
  await subscribe(this, name, `$share/workers/${topicOfBytes(this, bytes)}`, 1);
});
