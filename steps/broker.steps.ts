// Steps about the broker under test itself: starting a broker of the scenario's own with the
// configuration the scenario needs (limits, policy, rules). Such scenarios carry
// @requires:broker-configuration (or the narrower capability), so brokers that cannot be
// configured this way are reported not applicable.
import { Given } from "@cucumber/cucumber";
import type { BrokerOptions } from "../brokers/reference/src/index.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

Given("the broker under test is started with this configuration:", async function (this: ConformanceWorld, configuration: string) {
  let options: BrokerOptions;
  try {
    options = JSON.parse(configuration) as BrokerOptions;
  } catch (error) {
    throw new Error(`the configuration is not JSON: ${(error as Error).message}`);
  }
  await this.useConfiguredBroker(options);
});
