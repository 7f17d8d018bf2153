// Steps about shared subscription groups: filters of a given shape, what the groups received
// between them (one copy per group), and how evenly a group's members shared the messages.
import type { DataTable } from "@cucumber/cucumber";
import type { MqttTestClient } from "../support/driver/client.ts";
import { isPublishOn } from "../support/driver/predicates.ts";
import { check } from "../support/harness/assertions.ts";
import { waitQuietPeriod } from "../support/harness/clock.ts";
import { Then, When } from "../support/harness/define-steps.ts";
import { numbersReceived } from "../support/harness/numbered-messages.ts";
import { pollUntil } from "../support/harness/polling.ts";
import { chiSquareAgainstUniform, chiSquareSurvival } from "../support/harness/statistics.ts";
import { subscribe, subscribeGranted } from "../support/harness/subscribing.ts";
import { topicOfBytes, topicOfLevels } from "../support/harness/topic-shapes.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

function clientsNamed(world: ConformanceWorld, names: readonly string[]): MqttTestClient[] {
  return names.map((name) => world.client(name));
}

Then(
  "the split of the messages on {string} over {clients} has a chi-square statistic below {float}, " +
    "the critical value for {int} degrees of freedom at α = {float}",
  function (
    this: ConformanceWorld,
    topic: string,
    names: string[],
    critical: number,
    degreesOfFreedom: number,
    alpha: number,
  ) {
    const clients = clientsNamed(this, names);
    // the stated numbers must agree with each other, so the threshold is the one the text claims
    if (degreesOfFreedom !== names.length - 1)
      throw new Error(`${names.length} members give ${names.length - 1} degrees of freedom, not ${degreesOfFreedom}`);
    const significance = chiSquareSurvival(critical, degreesOfFreedom);
    if (Math.abs(significance - alpha) > alpha * 0.01)
      throw new Error(`${critical} is the critical value at α = ${significance.toPrecision(3)}, not ${alpha}`);
    const counts = clients.map((client) => numbersReceived(client, this.topic(topic)).length);
    const statistic = chiSquareAgainstUniform(counts);
    const split = names.map((name, index) => `${name} ${counts[index]}`).join(", ");
    check(
      statistic < critical,
      clients[0],
      `expected a split a uniform random choice could give (chi-square below ${critical}), ` +
        `got ${split}: chi-square ${statistic.toFixed(2)}`,
    );
  },
);

Then(
  "each of these groups of clients receives {string} on {string} exactly once between them:",
  async function (this: ConformanceWorld, payload: string, topic: string, table: DataTable) {
    const groups = table.raw().map((row) =>
      clientsNamed(
        this,
        row.filter((name) => name.length > 0),
      ),
    );
    const copies = (group: MqttTestClient[]): number =>
      group.reduce((sum, client) => sum + client.matching(isPublishOn(this.topic(topic), payload)).length, 0);
    const everyone = groups.flat();
    await pollUntil(
      `every group to receive ${JSON.stringify(payload)}`,
      () => groups.every((group) => copies(group) > 0),
      everyone,
      this.deliveryTimeoutMs,
    );
    await waitQuietPeriod(this.quietPeriodMs);
    for (const group of groups) {
      check(
        copies(group) === 1,
        group[0],
        `expected ${group.map((client) => client.name).join(" and ")} to receive ${JSON.stringify(payload)} ` +
          `once between them, got ${copies(group)} copies`,
      );
    }
  },
);

When(
  "{string} subscribes to a shared filter whose share name has {int} bytes",
  async function (this: ConformanceWorld, name: string, bytes: number) {
    await subscribe(this, name, `$share/${"s".repeat(bytes)}/${this.topic("jobs")}`, 1);
  },
);

When(
  "{string} subscribes to a shared filter whose topic filter has {int} levels",
  async function (this: ConformanceWorld, name: string, levels: number) {
    await subscribe(this, name, `$share/workers/${topicOfLevels(this, levels)}`, 1);
  },
);

When(
  "{string} subscribes to a shared filter whose topic filter has {int} bytes",
  async function (this: ConformanceWorld, name: string, bytes: number) {
    await subscribe(this, name, `$share/workers/${topicOfBytes(this, bytes)}`, 1);
  },
);

When(
  "{string} subscribes to {string} in the share group {string} at QoS {int}",
  async function (this: ConformanceWorld, name: string, topic: string, group: string, qos: number) {
    await subscribeGranted(this, name, `$share/${group}/${this.topic(topic)}`, qos);
  },
);
