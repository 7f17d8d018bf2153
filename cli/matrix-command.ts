// `mqtt-conformance matrix`: runs the suite on each broker (from its container image) under each
// profile, writes reports/matrix.json, matrix.md and matrix.html, and checks every broker's
// expected verdicts: a new failure, or a listed failure that no longer happens, fails the command.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compareVerdicts, describeDifference, expectedVerdictsPath, loadExpectedVerdicts } from "../support/brokers/expected-verdicts.ts";
import { brokersDirectory, knownBrokers, loadDescriptor } from "../support/brokers/descriptor.ts";
import { loadCatalogue } from "../support/catalogue/catalogue.ts";
import { buildMatrix, renderHtml, renderMarkdown } from "../support/matrix/matrix.ts";
import { writeAllureExtras } from "../support/results/allure-extras.ts";
import type { RunResults } from "../support/results/results.ts";
import { prepareReports, printSummary, relativePath, runProfiles, seconds, type SuiteRunOptions } from "./run-command.ts";

/** Brokers whose image can be built here: a container section and a Dockerfile in the repository. */
export function buildableBrokers(): string[] {
  return knownBrokers().filter((name) => {
    const container = loadDescriptor(name).container;
    return container !== undefined && existsSync(join(brokersDirectory, container.buildFrom ?? name, "Dockerfile"));
  });
}

export interface MatrixCommandOptions extends SuiteRunOptions {
  brokers: string[];
}

/** Returns the verdict differences found (0: every broker behaved as expected). */
export async function matrixCommand(options: MatrixCommandOptions): Promise<number> {
  const started = Date.now();
  for (const broker of options.brokers) loadDescriptor(broker); // unknown names fail before anything starts
  prepareReports(options.reportsDir);
  const { removeLeftoverContainers } = await import("../support/targets/container.ts");
  const leftovers = removeLeftoverContainers();
  if (leftovers > 0) process.stdout.write(`removed ${leftovers} container(s) left by an earlier run\n`);

  const runs: RunResults[] = [];
  const timings: string[] = [];
  const brokerErrors: string[] = [];
  for (const broker of options.brokers) {
    const brokerStarted = Date.now();
    try {
      runs.push(...(await runProfiles({ broker, container: true }, options)));
    } catch (error) {
      // one broker that cannot be built or started does not hide the others' results
      brokerErrors.push(`${broker}: ${(error as Error).message}`);
      process.stdout.write(`\n✗ ${broker}: ${(error as Error).message}\n`);
    }
    timings.push(`${broker} ${seconds(Date.now() - brokerStarted)}`);
  }

  const matrix = buildMatrix(loadCatalogue(), runs);
  const files = { json: join(options.reportsDir, "matrix.json"), markdown: join(options.reportsDir, "matrix.md"), html: join(options.reportsDir, "matrix.html") };
  writeFileSync(files.json, JSON.stringify(runs, null, 2));
  writeFileSync(files.markdown, renderMarkdown(matrix));
  writeFileSync(files.html, renderHtml(matrix));
  writeAllureExtras(join(options.reportsDir, "allure-results"), runs);

  printSummary(runs);
  const differences = [
    ...brokerErrors,
    ...runs.flatMap((run) => (existsSync(expectedVerdictsPath(run.broker)) ? describeDifference(run, compareVerdicts(run, loadExpectedVerdicts(run.broker))) : [])),
  ];
  process.stdout.write(differences.length === 0 ? "  expected verdicts: every broker failed exactly its listed requirements\n" : `  expected verdicts: ${differences.length} difference(s)\n`);
  for (const difference of differences) process.stdout.write(`    ✗ ${difference}\n`);
  process.stdout.write(`  time per broker: ${timings.join(", ")}; matrix ${seconds(Date.now() - started)}\n`);
  process.stdout.write(`  matrix: ${relativePath(files.html)}, ${relativePath(files.markdown)}, ${relativePath(files.json)}\n`);
  return differences.length;
}
