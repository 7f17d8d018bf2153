// Steps about the broker under test itself: the settings a scenario needs it to run with, in the
// suite's own vocabulary (support/brokers/settings.ts). A broker that cannot be given a setting is
// judged at its declared value, or gets the verdict the world's configureBroker explains.
import type { DataTable } from "@cucumber/cucumber";
import { nameOfSetting, settingsFromRows, type LimitName } from "../support/brokers/settings.ts";
import { check } from "../support/harness/assertions.ts";
import { Given, When } from "../support/harness/define-steps.ts";
import { shortKeepAliveSeconds } from "../support/harness/timing.ts";
import { NotApplicable } from "../support/harness/verdicts.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

async function configure(world: ConformanceWorld, table: DataTable, own: boolean): Promise<void> {
  const { descriptor } = world.target;
  const { settings, optional } = settingsFromRows(table.raw(), {
    expiry: world.shortExpiry,
    keepAlive: shortKeepAliveSeconds(descriptor),
  });
  await world.configureBroker(settings, { own, optional });
}

Given("the broker is configured with:", async function (this: ConformanceWorld, table: DataTable) {
  await configure(this, table, false);
});

Given("a broker of the scenario's own, configured with:", async function (this: ConformanceWorld, table: DataTable) {
  await configure(this, table, true);
});

Given("a broker of the scenario's own", async function (this: ConformanceWorld) {
  await this.configureBroker({}, { own: true });
});

/**
 * `| user | password | may connect as | may publish to | may subscribe to |`: the last three
 * optional, names and topic filters in the scenario's namespace, several separated by commas.
 */
/**
 * What an account's row allows: the client identifiers it may connect as, the topics it may publish
 * to and the filters it may subscribe to, each optional, in the scenario's namespace, several
 * separated by commas.
 */
function accountRights(world: ConformanceWorld, row: Record<string, string>) {
  const list = (cell: string, scope: (text: string) => string) => cell.split(",").map((item) => scope(item.trim()));
  const connectAs = row["may connect as"];
  const publish = row["may publish to"];
  const subscribe = row["may subscribe to"];
  return {
    ...(connectAs === undefined ? {} : { clientIds: list(connectAs, (name) => world.clientId(name)) }),
    ...(publish === undefined ? {} : { publish: list(publish, (filter) => world.topic(filter)) }),
    ...(subscribe === undefined ? {} : { subscribe: list(subscribe, (filter) => world.topic(filter)) }),
  };
}

Given("the broker is configured with these accounts:", async function (this: ConformanceWorld, table: DataTable) {
  const credentials = table
    .hashes()
    .map((row) => ({ username: row.user, password: row.password, ...accountRights(this, row) }));
  await this.configureBroker({ credentials });
});

When("the broker under test is stopped", async function (this: ConformanceWorld) {
  const broker = this.configuredBroker;
  if (!broker) throw new Error("only a broker of the scenario's own can be stopped");
  await broker.stop();
});

When(
  "an administrator disconnects {string} through the broker's API",
  async function (this: ConformanceWorld, name: string) {
    const broker = this.configuredBroker;
    if (!broker) throw new Error("the administrative API belongs to a broker of the scenario's own");
    check(
      await broker.disconnectClient(this.clientId(name)),
      this.client(name),
      "expected the broker to know the client it was asked to disconnect",
    );
  },
);

/**
 * [MQTT5-3.2.2-10] [MQTT5-3.2.2-12] [MQTT5-3.2.2-13] statements that bind a broker running with a
 * setting below a value (a Maximum QoS below 2, no retained messages): another broker is not
 * bound by them, so the scenario is not applicable to it.
 */
Given(
  "the broker runs with a(n) {setting} below {int}",
  function (this: ConformanceWorld, path: string, bound: number) {
    const value = this.limit(path.split(".")[1] as LimitName);
    const name = nameOfSetting(path);
    if (value === undefined)
      throw new NotApplicable(
        `${this.target.descriptor.name} cannot be given a ` +
          `${name} and its descriptor declares none: declare it under \`limits\` to judge this scenario`,
      );
    if (value === "none" || value >= bound)
      throw new NotApplicable(
        `${this.target.descriptor.name} runs with a ${name} of ${value} and cannot be set lower: ` +
          `this rule binds a broker whose ${name} is below ${bound}`,
      );
  },
);

/**
 * [TRN-03] [API-06] `| certificate | may connect as | may publish to | may subscribe to |`: a
 * principal named by one of the run's test certificates; the last three optional, names and
 * topic filters in the scenario's namespace, several separated by commas.
 */
Given(
  "the broker is configured with these certificate accounts:",
  async function (this: ConformanceWorld, table: DataTable) {
    const certificates = table.hashes().map((row) => ({ commonName: row.certificate, ...accountRights(this, row) }));
    await this.configureBroker({ certificates });
  },
);
