// `mqtt-conformance coverage`: per catalogue group, how many IDs have a scenario, and which not.
import { loadCatalogue } from "../support/catalogue/catalogue.ts";
import { coverageByGroup, unknownCitations } from "../support/catalogue/coverage.ts";
import { loadScenarios } from "../support/catalogue/scenarios.ts";

/** Prints the coverage table; returns the number of uncovered IDs. */
export function coverageCommand(): number {
  const catalogue = loadCatalogue();
  const scenarios = loadScenarios();
  const groups = coverageByGroup(catalogue, scenarios);
  for (const group of groups) {
    const mark = group.uncovered.length === 0 ? "✓" : "·";
    process.stdout.write(`${mark} ${group.group.padEnd(4)} ${String(group.covered).padStart(3)}/${String(group.total).padEnd(3)} ${group.title}\n`);
    if (group.uncovered.length > 0) process.stdout.write(`       uncovered: ${group.uncovered.join(", ")}\n`);
  }
  const covered = groups.reduce((sum, group) => sum + group.covered, 0);
  const total = groups.reduce((sum, group) => sum + group.total, 0);
  process.stdout.write(`${covered}/${total} requirement IDs have a scenario (${scenarios.length} scenarios)\n`);
  for (const citation of unknownCitations(catalogue, scenarios)) process.stdout.write(`unknown ID: ${citation}\n`);
  return total - covered;
}
