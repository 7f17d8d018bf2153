// `mqtt-conformance coverage`: per group of the AWS IoT Core catalogue, how many IDs have a
// scenario; per specification and chapter of OASIS MQTT 3.1.1 and 5.0, how many of the statements
// a broker test can observe have one; and what is not covered.
import { loadCatalogue } from "../support/catalogue/catalogue.ts";
import { coverageByChapter, coverageByGroup, unknownCitations } from "../support/catalogue/coverage.ts";
import { loadScenarios } from "../support/catalogue/scenarios.ts";

const percent = (part: number, whole: number) => (whole === 0 ? "-" : `${Math.round((part / whole) * 100)} %`);

/** Prints the coverage tables; returns the number of uncovered IDs (AWS requirements and observable statements). */
export function coverageCommand(): number {
  const catalogue = loadCatalogue();
  const scenarios = loadScenarios();
  process.stdout.write("AWS IoT Core requirements\n");
  const groups = coverageByGroup(catalogue, scenarios);
  for (const group of groups) {
    const mark = group.uncovered.length === 0 ? "✓" : "·";
    process.stdout.write(
      `${mark} ${group.group.padEnd(4)} ${String(group.covered).padStart(3)}/` +
        `${String(group.total).padEnd(3)} ${group.title}\n`,
    );
    if (group.uncovered.length > 0) process.stdout.write(`       uncovered: ${group.uncovered.join(", ")}\n`);
  }
  const covered = groups.reduce((sum, group) => sum + group.covered, 0);
  const total = groups.reduce((sum, group) => sum + group.total, 0);
  process.stdout.write(`${covered}/${total} requirement IDs have a scenario (${scenarios.length} scenarios)\n`);

  let uncoveredStatements = 0;
  const chapters = coverageByChapter(scenarios);
  for (const specification of [...new Set(chapters.map((chapter) => chapter.specification))]) {
    process.stdout.write(`\nOASIS MQTT ${specification} statements: covered / observable by a broker test / total\n`);
    const own = chapters.filter((chapter) => chapter.specification === specification);
    for (const chapter of own) {
      const mark = chapter.uncovered.length === 0 ? "✓" : "·";
      process.stdout.write(
        `${mark} ch. ${chapter.chapter.padEnd(2)} ${String(chapter.covered).padStart(3)}/` +
          `${String(chapter.observable).padStart(3)}/${String(chapter.total).padEnd(3)} ${chapter.title}\n`,
      );
      if (chapter.uncovered.length > 0) process.stdout.write(`       uncovered: ${chapter.uncovered.join(", ")}\n`);
    }
    const coveredHere = own.reduce((sum, chapter) => sum + chapter.covered, 0);
    const observable = own.reduce((sum, chapter) => sum + chapter.observable, 0);
    const all = own.reduce((sum, chapter) => sum + chapter.total, 0);
    uncoveredStatements += observable - coveredHere;
    process.stdout.write(
      `${coveredHere}/${observable} observable statements have a scenario ` +
        `(${percent(coveredHere, observable)}; ${all} statements in all)\n`,
    );
  }
  for (const citation of unknownCitations(catalogue, scenarios)) process.stdout.write(`unknown ID: ${citation}\n`);
  return total - covered + uncoveredStatements;
}
