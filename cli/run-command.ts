// `mqtt-conformance run`: starts the broker target, runs every requested profile against it at
// once (each profile its own Cucumber workers), writes reports/results.json, JUnit XML and the
// Allure run files, and prints a summary.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeAllureExtras } from "../support/results/allure-extras.ts";
import { writeJunit } from "../support/results/junit.ts";
import { countVerdicts, type RunResults } from "../support/results/results.ts";
import { ProgressBoard } from "../support/run/progress.ts";
import { runLogs, runSuite } from "../support/run/run-suite.ts";
import { readWork, recordWork, splitWorkers, workKey, workRecordFile } from "../support/run/worker-split.ts";
import { startTarget, targetDependsOnProfile, type TargetChoice } from "../support/targets/start.ts";
import type { ProfileName, StartedTarget } from "../support/targets/target.ts";

export interface SuiteRunOptions {
  profiles: ProfileName[];
  tags?: string;
  /** Scenarios at once in each profile's run. */
  parallel: number;
  reportsDir: string;
  progress?: ProgressBoard;
}

export type RunCommandOptions = TargetChoice & SuiteRunOptions;

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function summaryLine(run: RunResults): string {
  const counts = countVerdicts(run.scenarios);
  const notes = run.scenarios.reduce((sum, scenario) => sum + scenario.notes.length, 0);
  return (
    `${run.broker} · ${run.profile}: ${counts.passed} passed, ${counts.failed} failed, ` +
    `${counts.unsupported} unsupported, ${counts["not-applicable"]} not applicable ` +
    `(${run.scenarios.length} scenarios, ${seconds(run.durationMs)})` +
    `${notes > 0 ? `; ${notes} note(s) on SHOULDs` : ""}`
  );
}

/** A path as the user would type it from where they are. */
export function relativePath(path: string): string {
  const shorter = relative(process.cwd(), path);
  return shorter === "" || shorter.startsWith("..") ? path : shorter;
}

/**
 * Clears the results of an earlier command so the reports show this one. Its Allure results (a
 * few thousand files) are moved aside at once and removed while the new run goes on.
 */
export function prepareReports(reportsDir: string): void {
  mkdirSync(reportsDir, { recursive: true });
  const aside = join(reportsDir, `.allure-results-${process.pid}-${Date.now()}`);
  if (existsSync(join(reportsDir, "allure-results"))) renameSync(join(reportsDir, "allure-results"), aside);
  for (const earlier of readdirSync(reportsDir).filter((name) => name.startsWith(".allure-results-")))
    void rm(join(reportsDir, earlier), { recursive: true, force: true });
  rmSync(join(reportsDir, "logs"), { recursive: true, force: true });
  for (const file of Object.values(runLogs(reportsDir))) rmSync(file, { force: true });
}

function where(target: StartedTarget): string {
  const { info } = target;
  if (info.kind === "embedded") return `in-process at ${info.host}:${info.port}`;
  if (info.kind === "container") return `container at ${info.host}:${info.port}`;
  return `${info.transport ?? "tcp"} ${info.host}:${info.port}${info.path ?? ""}`;
}

/** Runs the profiles at once; waits for all of them, then rethrows the first failure, if any. */
async function allProfiles<T>(
  profiles: readonly ProfileName[],
  run: (profile: ProfileName) => Promise<T>,
): Promise<T[]> {
  const settled = await Promise.allSettled(profiles.map(run));
  const failed = settled.find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

/**
 * Runs the suite on one broker under each profile, the profiles at once, the workers split by the
 * work each profile made last time (support/run/worker-split.ts); records this run's work.
 */
export async function runProfiles(choice: TargetChoice, options: SuiteRunOptions): Promise<RunResults[]> {
  const workFile = workRecordFile();
  const recorded = readWork(workFile);
  let workers: Map<ProfileName, number> | undefined;
  const suite = (target: StartedTarget) => {
    const { descriptor, profile } = target.info;
    workers ??= new Map(
      zip(
        options.profiles,
        splitWorkers(
          options.parallel,
          options.profiles.map((each) => recorded[workKey(descriptor.name, descriptor.version, each)]),
        ),
      ),
    );
    const parallel = workers.get(profile) ?? options.parallel;
    options.progress?.say(
      `▶ ${descriptor.name} ${descriptor.version} under profile ${profile} (${where(target)})` +
        (parallel === options.parallel ? "" : `, ${parallel} scenarios at once`),
    );
    return runSuite(target, {
      tags: options.tags,
      parallel,
      reportsDir: options.reportsDir,
      progress: options.progress,
    });
  };
  const runs = await profileRuns(choice, options, suite);
  recordWork(workFile, runs);
  return runs;
}

function zip<A, B>(left: readonly A[], right: readonly B[]): [A, B][] {
  return left.map((item, index) => [item, right[index]]);
}

async function profileRuns(
  choice: TargetChoice,
  options: SuiteRunOptions,
  suite: (target: StartedTarget) => Promise<RunResults>,
): Promise<RunResults[]> {
  if (!targetDependsOnProfile(choice)) {
    // the broker behaves the same whatever the profile: one start serves every profile's judgement
    const target = await startTarget(choice, options.profiles[0]);
    try {
      return await allProfiles(options.profiles, (profile) => suite({ ...target, info: { ...target.info, profile } }));
    } finally {
      await target.stop();
    }
  }
  return allProfiles(options.profiles, async (profile) => {
    const target = await startTarget(choice, profile);
    try {
      return await suite(target);
    } finally {
      await target.stop();
    }
  });
}

export function printSummary(runs: readonly RunResults[], reportsDir: string): void {
  process.stdout.write("\nSummary\n");
  for (const run of runs) {
    process.stdout.write(`  ${summaryLine(run)}\n`);
    for (const failed of run.scenarios.filter((scenario) => scenario.status === "failed")) {
      process.stdout.write(`    ✗ ${failed.name}: ${failed.reason}\n`);
    }
    for (const lacking of run.scenarios.filter((scenario) => scenario.status === "unsupported")) {
      process.stdout.write(`    ⛔ ${lacking.name}: ${lacking.reason}\n`);
    }
  }
  if (
    runs.some((run) =>
      run.scenarios.some((scenario) => scenario.status === "failed" || scenario.status === "unsupported"),
    )
  ) {
    process.stdout.write(
      `  each failure in full, with the packets the clients saw: ${relativePath(runLogs(reportsDir).failures)}\n`,
    );
  }
}

/** Writes results.json (one run, or an array), JUnit XML and the Allure run files. */
export function writeRunReports(reportsDir: string, runs: readonly RunResults[]): { results: string; junit: string } {
  const files = { results: join(reportsDir, "results.json"), junit: join(reportsDir, "junit.xml") };
  writeFileSync(files.results, JSON.stringify(runs.length === 1 ? runs[0] : runs, null, 2));
  writeJunit(files.junit, runs);
  writeAllureExtras(join(reportsDir, "allure-results"), runs);
  return files;
}

/** Runs every requested profile; returns the runs, with the reports written. */
export async function runCommand(options: RunCommandOptions): Promise<RunResults[]> {
  const started = Date.now();
  prepareReports(options.reportsDir);
  const progress = options.progress ?? new ProgressBoard(process.stdout);
  let runs: RunResults[];
  try {
    runs = await runProfiles(options, { ...options, progress });
  } finally {
    progress.close();
  }
  const files = writeRunReports(options.reportsDir, runs);
  printSummary(runs, options.reportsDir);
  process.stdout.write(`  wall time ${seconds(Date.now() - started)}\n`);
  process.stdout.write(`  results: ${relativePath(files.results)}, JUnit: ${relativePath(files.junit)}\n`);
  const allureResults = relativePath(join(options.reportsDir, "allure-results"));
  process.stdout.write(`  Allure results: ${allureResults} (render with: mqtt-conformance report)\n`);
  return runs;
}
