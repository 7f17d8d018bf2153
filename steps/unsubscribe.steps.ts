// Steps about UNSUBSCRIBE and UNSUBACK: unsubscribing, UNSUBSCRIBE packets sent as they are, and
// the reason codes of the UNSUBACK, one per filter.
import type { DataTable } from "@cucumber/cucumber";
import { Then, When } from "../support/harness/define-steps.ts";
import { unsubscribe } from "../support/harness/subscribing.ts";
import { checkCodes } from "../support/harness/reason-codes.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When("{string} unsubscribes from these filters in one UNSUBSCRIBE:", async function (this: ConformanceWorld, name: string, table: DataTable) {
  await unsubscribe(this, name, table.raw().map(([filter]) => this.topic(filter)));
});

Then("the UNSUBACK to {string} has these reason codes, one per filter:", function (this: ConformanceWorld, name: string, table: DataTable) {
  const unsuback = this.unsubacks.get(name);
  if (!unsuback) throw new Error(`"${name}" has received no UNSUBACK`);
  checkCodes(this, name, unsuback, "UNSUBACK", table);
});

