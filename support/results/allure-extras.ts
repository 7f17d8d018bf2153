// Allure run-level files: environment (what was judged, on what) and categories that sort
// results into broker deviations, harness errors and not-applicable verdicts.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunResults } from "./results.ts";

export const allureCategories = [
  { name: "Unsupported feature", description: "The broker lacks a feature or protocol version the profile requires.", matchedStatuses: ["failed"], messageRegex: ".*unsupported: .*" },
  { name: "Broker deviation", description: "The broker did something the profile does not allow (assertion failed).", matchedStatuses: ["failed"] },
  { name: "Harness error", description: "The test could not judge the broker: a timeout or an error in the suite itself.", matchedStatuses: ["broken"] },
  { name: "Not applicable", description: "The scenario cannot judge this broker, for a reason outside the profile (its reason says what would make it judgeable).", matchedStatuses: ["skipped"] },
];

export function writeAllureExtras(resultsDir: string, runs: readonly RunResults[]): void {
  const unique = (values: string[]) => [...new Set(values)].join(", ");
  const environment = {
    "Brokers": unique(runs.map((run) => `${run.broker} ${run.brokerVersion}`)),
    "Profiles": unique(runs.map((run) => run.profile)),
    "Node.js": process.version,
    "Platform": `${process.platform} ${process.arch}`,
    "Started": runs[0]?.startedAt ?? new Date().toISOString(),
  };
  const properties = Object.entries(environment).map(([key, value]) => `${key.replace(/ /g, "\\ ")}=${value}`).join("\n");
  writeFileSync(join(resultsDir, "environment.properties"), `${properties}\n`);
  writeFileSync(join(resultsDir, "categories.json"), JSON.stringify(allureCategories, null, 2));
}
