// `mqtt-conformance run`: starts the broker target once per profile, runs the features against
// it, writes reports/results.json and prints a summary.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { writeAllureExtras } from "../support/results/allure-extras.ts";
import { countVerdicts, type RunResults } from "../support/results/results.ts";
import { projectRoot, runSuite } from "../support/run/run-suite.ts";
import { startTarget, targetDependsOnProfile, type TargetChoice } from "../support/targets/start.ts";
import type { ProfileName, StartedTarget } from "../support/targets/target.ts";

export interface SuiteRunOptions {
  profiles: ProfileName[];
  tags?: string;
  parallel: number;
  reportsDir: string;
}

export type RunCommandOptions = TargetChoice & SuiteRunOptions;

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function summaryLine(run: RunResults): string {
  const counts = countVerdicts(run.scenarios);
  const notes = run.scenarios.reduce((sum, scenario) => sum + scenario.notes.length, 0);
  return `${run.broker} · ${run.profile}: ${counts.passed} passed, ${counts.failed} failed, ${counts.unsupported} unsupported, ${counts["not-applicable"]} not applicable (${run.scenarios.length} scenarios, ${seconds(run.durationMs)})${notes > 0 ? `; ${notes} note(s) on SHOULDs` : ""}`;
}

export function relativePath(path: string): string {
  return relative(projectRoot, path) || path;
}

/** Clears the Allure results of an earlier command so the report shows this one. */
export function prepareReports(reportsDir: string): void {
  rmSync(join(reportsDir, "allure-results"), { recursive: true, force: true });
  mkdirSync(reportsDir, { recursive: true });
}

/** Runs the suite on one broker under each profile. */
export async function runProfiles(choice: TargetChoice, options: SuiteRunOptions): Promise<RunResults[]> {
  const suite = (target: StartedTarget) => runSuite(target, { tags: options.tags, parallel: options.parallel, reportsDir: options.reportsDir, stdout: process.stdout });
  const runs: RunResults[] = [];
  if (!targetDependsOnProfile(choice)) {
    // the broker behaves the same whatever the profile: one start serves every profile's judgement
    const target = await startTarget(choice, options.profiles[0]);
    try {
      for (const profile of options.profiles) {
        process.stdout.write(`\n▶ ${choice.broker} under profile ${profile}\n`);
        runs.push(await suite({ ...target, info: { ...target.info, profile } }));
      }
    } finally {
      await target.stop();
    }
    return runs;
  }
  for (const profile of options.profiles) {
    process.stdout.write(`\n▶ ${choice.broker} under profile ${profile}\n`);
    const target = await startTarget(choice, profile);
    try {
      runs.push(await suite(target));
    } finally {
      await target.stop();
    }
  }
  return runs;
}

export function printSummary(runs: readonly RunResults[]): void {
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
}

/** Runs every requested profile; returns the runs, with results.json written. */
export async function runCommand(options: RunCommandOptions): Promise<RunResults[]> {
  const started = Date.now();
  prepareReports(options.reportsDir);
  const runs = await runProfiles(options, options);
  const resultsFile = join(options.reportsDir, "results.json");
  writeFileSync(resultsFile, JSON.stringify(runs.length === 1 ? runs[0] : runs, null, 2));
  writeAllureExtras(join(options.reportsDir, "allure-results"), runs);
  printSummary(runs);
  process.stdout.write(`  wall time ${seconds(Date.now() - started)}\n`);
  process.stdout.write(`  results: ${relativePath(resultsFile)}\n`);
  process.stdout.write(`  Allure results: ${relativePath(join(options.reportsDir, "allure-results"))} (render with: npm run report)\n`);
  return runs;
}
