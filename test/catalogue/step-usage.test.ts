// Step definitions are shared, not written for one line: fewer than a fifth may be one-offs, and
// none may be unused. (Cucumber loads the step files itself, in a process of its own.)
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { StepUsage } from "../../support/catalogue/step-usage.ts";

const script = new URL("../../support/catalogue/step-usage.ts", import.meta.url).pathname;
const usage = JSON.parse(
  execFileSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8" }),
) as StepUsage[];

describe("step definitions", () => {
  it("are each used by at least one step of the features", () => {
    expect(usage.filter((entry) => entry.uses === 0).map((entry) => entry.pattern)).toEqual([]);
  });

  it("are one-offs (used by a single step line) fewer than one time in five", () => {
    const oneOffs = usage.filter((entry) => entry.uses === 1);
    expect(
      oneOffs.length / usage.length,
      `${oneOffs.length} of ${usage.length} are one-offs:\n${oneOffs.map((entry) => entry.pattern).join("\n")}`,
    ).toBeLessThan(0.2);
  });
});
