// Which catalogue IDs have a scenario: per group of the AWS catalogue, and per specification and
// chapter of the OASIS statements (covered / observable by a broker test / total); and which
// scenarios cite unknown IDs.
import { groupOf, type Catalogue } from "./catalogue.ts";
import { isKnownId, isObservableByBrokerTest, specifications } from "./index.ts";
import type { ScenarioEntry } from "./scenarios.ts";
import { loadStatements, type Specification } from "./statements.ts";

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
    const ids = catalogue.requirements
      .filter((requirement) => groupOf(requirement.id) === group)
      .map((requirement) => requirement.id);
    const uncovered = ids.filter((id) => !cited.has(id));
    return { group, title, total: ids.length, covered: ids.length - uncovered.length, uncovered };
  });
}

/** Scenarios naming an ID neither catalogue has: "file:line scenario → ID". */
export function unknownCitations(_catalogue: Catalogue, scenarios: readonly ScenarioEntry[]): string[] {
  return scenarios.flatMap((scenario) =>
    scenario.requirements
      .filter((id) => !isKnownId(id))
      .map((id) => `${scenario.uri}:${scenario.line} "${scenario.name}" → ${id}`),
  );
}

export interface ChapterCoverage {
  specification: Specification;
  chapter: string;
  title: string;
  total: number;
  /** Statements binding the server (or both) that a broker test can observe, wholly or partly. */
  observable: number;
  /** Observable statements with a scenario. */
  covered: number;
  uncovered: string[];
}

export function coverageByChapter(scenarios: readonly ScenarioEntry[]): ChapterCoverage[] {
  const cited = new Set(scenarios.flatMap((scenario) => scenario.requirements));
  return specifications.flatMap((specification) => {
    const file = loadStatements(specification);
    return Object.entries(file.chapters).map(([chapter, title]) => {
      const inChapter = file.statements.filter((statement) => statement.section.split(".")[0] === chapter);
      const observable = inChapter.filter(isObservableByBrokerTest);
      const uncovered = observable.filter((statement) => !cited.has(statement.id)).map((statement) => statement.id);
      return {
        specification,
        chapter,
        title,
        total: inChapter.length,
        observable: observable.length,
        covered: observable.length - uncovered.length,
        uncovered,
      };
    });
  });
}
