// Steps about UNSUBSCRIBE and UNSUBACK: unsubscribing, UNSUBSCRIBE packets sent as they are, and
// the reason codes of the UNSUBACK, one per filter.
import type { DataTable } from "@cucumber/cucumber";
import { Then, When } from "../support/harness/define-steps.ts";
import { unsubscribe } from "../support/harness/subscribing.ts";
import { checkCodes } from "../support/harness/reason-codes.ts";
import { topicOfShape } from "../support/harness/topic-shapes.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When(
  "{string} unsubscribes from these filters in one UNSUBSCRIBE:",
  async function (this: ConformanceWorld, name: string, table: DataTable) {
    await unsubscribe(
      this,
      name,
      table.raw().map(([filter]) => this.topic(filter)),
    );
  },
);

/** [RC-17] a filter the broker refuses as too deep, after two it takes: its own depth limit plus one level. */
When(
  "{string} unsubscribes from {string}, {string} and a filter a level deeper than the broker allows, " +
    "in one UNSUBSCRIBE",
  async function (this: ConformanceWorld, name: string, first: string, second: string) {
    const tooDeep = topicOfShape(this, { levels: this.requireLimit("maxTopicSlashes") + 2 });
    await unsubscribe(this, name, [this.topic(first), this.topic(second), tooDeep]);
  },
);

Then(
  "the UNSUBACK to {string} has these reason codes, one per filter:",
  function (this: ConformanceWorld, name: string, table: DataTable) {
    const unsuback = this.unsubacks.get(name);
    if (!unsuback) throw new Error(`"${name}" has received no UNSUBACK`);
    checkCodes(this, name, unsuback, "UNSUBACK", table);
  },
);
