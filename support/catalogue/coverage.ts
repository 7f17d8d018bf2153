// Which catalogue IDs have a scenario, per group; and which scenarios cite unknown IDs.
import { groupOf, type Catalogue } from "./catalogue.ts";
import type { ScenarioEntry } from "./scenarios.ts";

export interface GroupCoverage {
  group: string;
  title: string;
  total: number;
  covered: number;
  uncovered: string[];
}

export function coverageByGroup(catalogue: Catalogue, scenarios: readonly ScenarioEntry[]): GroupCoverage[] {
  const cited = new Set(scenarios.flatMap((scenario) => scenario.requirements));
  return Object.entries(catalogue.groups).map(([group, title]) => {
    const ids = catalogue.requirements.filter((requirement) => groupOf(requirement.id) === group).map((requirement) => requirement.id);
    const uncovered = ids.filter((id) => !cited.has(id));
    return { group, title, total: ids.length, covered: ids.length - uncovered.length, uncovered };
  });
}

/** Scenarios naming an ID the catalogue does not have: "file:line scenario → ID". */
export function unknownCitations(catalogue: Catalogue, scenarios: readonly ScenarioEntry[]): string[] {
  const known = new Set(catalogue.requirements.map((requirement) => requirement.id));
  return scenarios.flatMap((scenario) =>
    scenario.requirements.filter((id) => !known.has(id)).map((id) => `${scenario.uri}:${scenario.line} "${scenario.name}" → ${id}`),
  );
}
