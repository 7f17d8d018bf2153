// With several profiles in one pass, the workers (`--parallel` per profile, so parallel × profiles
// in all) are split by the work each profile's scenarios made the last time this broker ran under
// it, their durations added up: a profile whose scenarios mostly wait out a broker's timers (AWS IoT
// Core lets a client identifier CONNECT once a second, so its scenarios wait to reconnect) gets more
// of them, and the profiles end near the same time instead of one running alone at the end. Without
// a record for every profile (a first run), each gets `parallel`. The record is a small JSON file in
// the user's cache folder; losing it costs nothing but the split.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { RunResults } from "../results/results.ts";

/** Where the work of earlier runs is kept: `$XDG_CACHE_HOME` or ~/.cache. */
export function workRecordFile(environment: NodeJS.ProcessEnv = process.env): string {
  const cache = environment.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cache, "mqtt-conformance", "profile-work.json");
}

/** The key a run's work is kept under: the broker, its version and the profile. */
export function workKey(broker: string, version: string, profile: string): string {
  return `${broker} ${version} ${profile}`;
}

/** Scenario-milliseconds per key from earlier runs; empty when there is no readable record. */
export function readWork(file: string): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, number] => typeof entry[1] === "number" && entry[1] > 0,
      ),
    );
  } catch {
    return {};
  }
}

/** Keeps each run's work (its scenarios' durations added up) for the next split; never fails the run. */
export function recordWork(file: string, runs: readonly RunResults[]): void {
  const work = readWork(file);
  for (const run of runs) {
    const total = run.scenarios.reduce((sum, scenario) => sum + scenario.durationMs, 0);
    if (total > 0) work[workKey(run.broker, run.brokerVersion, run.profile)] = total;
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(work, null, 2)}\n`);
  } catch {
    // a read-only home: the next run splits evenly
  }
}

/**
 * Workers per profile: `parallel` × the number of profiles in all, in proportion to each one's
 * recorded work, at least one each; `parallel` each where any profile has no record.
 */
export function splitWorkers(parallel: number, work: readonly (number | undefined)[]): number[] {
  if (work.length < 2 || work.some((value) => value === undefined)) return work.map(() => parallel);
  const budget = parallel * work.length;
  const total = (work as number[]).reduce((sum, value) => sum + value, 0);
  const shares = (work as number[]).map((value) => Math.max(1, Math.round((budget * value) / total)));
  // rounding may give one worker too many or too few: the largest share takes the difference
  const largest = shares.indexOf(Math.max(...shares));
  shares[largest] = Math.max(1, shares[largest] + budget - shares.reduce((sum, share) => sum + share, 0));
  return shares;
}
