// `mqtt-conformance matrix`: runs the suite on each broker (from its container image) under each
// profile, several brokers at once (each container on its own loopback ports), writes
// reports/matrix.json, matrix.md, matrix.html and junit.xml, and checks every broker's expected
// verdicts: a new failure, or a listed failure that no longer happens, fails the command.
// `matrix --shard i/n` runs a share of the brokers (one CI machine each); `matrix merge` joins
// the shares' reports into one matrix, one JUnit file and one set of Allure results.
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  compareVerdicts,
  describeDifference,
  expectedVerdictsPath,
  loadExpectedVerdicts,
} from "../support/brokers/expected-verdicts.ts";
import { brokersDirectory, knownBrokers, loadDescriptor } from "../support/brokers/descriptor.ts";
import { loadCatalogue } from "../support/catalogue/catalogue.ts";
import { buildMatrix, renderHtml, renderMarkdown } from "../support/matrix/matrix.ts";
import { longestFirst, runPool, shareOf, type Shard } from "../support/matrix/schedule.ts";
import { writeAllureExtras } from "../support/results/allure-extras.ts";
import { writeJunit } from "../support/results/junit.ts";
import type { RunResults } from "../support/results/results.ts";
import { ProgressBoard } from "../support/run/progress.ts";
import { runLogs } from "../support/run/run-suite.ts";
import {
  prepareReports,
  printSummary,
  relativePath,
  runProfiles,
  seconds,
  type SuiteRunOptions,
} from "./run-command.ts";

/** Brokers whose image can be built here: a container section and a Dockerfile in the repository. */
export function buildableBrokers(): string[] {
  return knownBrokers().filter((name) => {
    const container = loadDescriptor(name).container;
    return container !== undefined && existsSync(join(brokersDirectory, container.buildFrom ?? name, "Dockerfile"));
  });
}

export interface MatrixCommandOptions extends Omit<SuiteRunOptions, "progress"> {
  brokers: string[];
  /** Brokers run at once. */
  jobs: number;
  shard?: Shard;
}

/** The files a matrix writes into its reports folder. */
export function matrixFiles(reportsDir: string): { json: string; markdown: string; html: string; junit: string } {
  return {
    json: join(reportsDir, "matrix.json"),
    markdown: join(reportsDir, "matrix.md"),
    html: join(reportsDir, "matrix.html"),
    junit: join(reportsDir, "junit.xml"),
  };
}

function writeMatrix(reportsDir: string, runs: readonly RunResults[]): ReturnType<typeof matrixFiles> {
  const matrix = buildMatrix(loadCatalogue(), runs);
  const files = matrixFiles(reportsDir);
  mkdirSync(reportsDir, { recursive: true });
  writeFileSync(files.json, JSON.stringify(runs, null, 2));
  writeFileSync(files.markdown, renderMarkdown(matrix));
  writeFileSync(files.html, renderHtml(matrix));
  writeJunit(files.junit, runs);
  mkdirSync(join(reportsDir, "allure-results"), { recursive: true });
  writeAllureExtras(join(reportsDir, "allure-results"), runs);
  return files;
}

/** Every run's verdicts against its broker's expected verdicts; a list that cannot be read is a difference too. */
function verdictDifferences(runs: readonly RunResults[]): string[] {
  return runs.flatMap((run) => {
    if (!existsSync(expectedVerdictsPath(run.broker))) return [];
    try {
      return describeDifference(run, compareVerdicts(run, loadExpectedVerdicts(run.broker)));
    } catch (error) {
      return [`${run.broker} · ${run.profile}: ${(error as Error).message}`];
    }
  });
}

function reportDifferences(differences: readonly string[]): void {
  process.stdout.write(
    differences.length === 0
      ? "  expected verdicts: every broker failed exactly its listed requirements\n"
      : `  expected verdicts: ${differences.length} difference(s)\n`,
  );
  for (const difference of differences) process.stdout.write(`    ✗ ${difference}\n`);
}

/** Returns the verdict differences found (0: every broker behaved as expected). */
export async function matrixCommand(options: MatrixCommandOptions): Promise<number> {
  const started = Date.now();
  const share = options.shard ? shareOf(options.brokers, options.shard) : options.brokers;
  for (const broker of share) loadDescriptor(broker); // unknown names fail before anything starts
  // the slowest brokers of the last matrix start first, so none is left running alone at the end
  const earlier = matrixFiles(options.reportsDir).json;
  const brokers = longestFirst(share, existsSync(earlier) ? readRuns(earlier) : []);
  prepareReports(options.reportsDir);
  const { removeLeftoverContainers } = await import("../support/targets/container.ts");
  const leftovers = removeLeftoverContainers();
  if (leftovers > 0) process.stdout.write(`removed ${leftovers} container(s) left by an earlier run\n`);
  if (options.shard)
    process.stdout.write(
      `shard ${options.shard.index}/${options.shard.count}: ${brokers.join(", ") || "no broker"}\n`,
    );

  const progress = new ProgressBoard(process.stdout);
  const timings: string[] = [];
  const brokerErrors: string[] = [];
  let finished = 0;
  progress.context = `brokers 0/${brokers.length} done`;
  const perBroker = await runPool(brokers, options.jobs, async (broker) => {
    const brokerStarted = Date.now();
    try {
      return await runProfiles({ broker, container: true }, { ...options, progress });
    } catch (error) {
      // one broker that cannot be built or started does not hide the others' results
      brokerErrors.push(`${broker}: ${(error as Error).message}`);
      progress.say(`✗ ${broker}: ${(error as Error).message}`);
      return [];
    } finally {
      timings.push(`${broker} ${seconds(Date.now() - brokerStarted)}`);
      progress.context = `brokers ${++finished}/${brokers.length} done`;
    }
  });
  progress.close();
  const runs = perBroker.flat();

  const files = writeMatrix(options.reportsDir, runs);
  printSummary(runs, options.reportsDir);
  const differences = [...brokerErrors, ...verdictDifferences(runs)];
  reportDifferences(differences);
  process.stdout.write(
    `  time per broker: ${timings.join(", ")}; ` +
      `matrix ${seconds(Date.now() - started)} (${options.jobs} broker(s) at once)\n`,
  );
  process.stdout.write(
    `  matrix: ${relativePath(files.html)}, ${relativePath(files.markdown)}, ${relativePath(files.json)}; ` +
      `JUnit: ${relativePath(files.junit)}\n`,
  );
  return differences.length;
}

/** Reads a matrix.json (or a results.json) written by an earlier command. */
export function readRuns(file: string): RunResults[] {
  if (!existsSync(file)) throw new Error(`no ${file}: run \`mqtt-conformance matrix\` (or \`run\`) first`);
  const parsed = JSON.parse(readFileSync(file, "utf8")) as RunResults | RunResults[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/**
 * Joins the reports folders of matrix shards: their runs into one matrix (a broker × profile that
 * appears twice is an error), their Allure results into one folder, and checks expected verdicts.
 */
export function mergeCommand(folders: readonly string[], reportsDir: string): number {
  const runs: RunResults[] = [];
  const seen = new Map<string, string>();
  for (const folder of folders) {
    for (const run of readRuns(join(folder, "matrix.json"))) {
      const key = `${run.broker} · ${run.profile}`;
      if (seen.has(key))
        throw new Error(`${key} is in both ${seen.get(key)} and ${folder}: each broker belongs to one shard`);
      seen.set(key, folder);
      runs.push(run);
    }
  }
  const allureResults = join(reportsDir, "allure-results");
  mkdirSync(allureResults, { recursive: true });
  const failures = runLogs(reportsDir).failures;
  writeFileSync(failures, "");
  for (const folder of folders) {
    const shardFailures = runLogs(folder).failures;
    if (existsSync(shardFailures) && resolve(shardFailures) !== resolve(failures))
      appendFileSync(failures, readFileSync(shardFailures));
    const results = join(folder, "allure-results");
    if (!existsSync(results) || resolve(results) === resolve(allureResults)) continue;
    for (const entry of readdirSync(results))
      cpSync(join(results, entry), join(allureResults, entry), { recursive: true });
  }
  const files = writeMatrix(reportsDir, runs);
  printSummary(runs, reportsDir);
  const differences = verdictDifferences(runs);
  reportDifferences(differences);
  process.stdout.write(`  merged ${runs.length} run(s) from ${folders.length} folder(s)\n`);
  process.stdout.write(
    `  matrix: ${relativePath(files.html)}, ${relativePath(files.markdown)}, ${relativePath(files.json)}; ` +
      `JUnit: ${relativePath(files.junit)}; Allure results: ${relativePath(allureResults)}\n`,
  );
  return differences.length;
}
