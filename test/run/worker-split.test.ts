// The split of a one-pass run's workers over its profiles, by the work each made last time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunResults } from "../../support/results/results.ts";
import { readWork, recordWork, splitWorkers, workKey, workRecordFile } from "../../support/run/worker-split.ts";

describe("splitting the workers of one pass", () => {
  it("gives each profile `parallel` without a record for every profile", () => {
    expect(splitWorkers(2, [undefined, undefined])).toEqual([2, 2]);
    expect(splitWorkers(2, [148_000, undefined])).toEqual([2, 2]);
    expect(splitWorkers(3, [10])).toEqual([3]);
  });

  it("splits parallel × profiles by the recorded work, at least one each, the total kept", () => {
    expect(splitWorkers(2, [148_000, 45_000])).toEqual([3, 1]);
    expect(splitWorkers(2, [100, 100])).toEqual([2, 2]);
    expect(splitWorkers(2, [1_000_000, 1])).toEqual([3, 1]);
    expect(splitWorkers(3, [1, 1, 1])).toEqual([3, 3, 3]);
    for (const work of [
      [5, 7, 11],
      [1, 2],
      [9, 1, 1],
    ]) {
      expect(splitWorkers(2, work).reduce((sum, share) => sum + share, 0)).toBe(2 * work.length);
    }
  });

  it("records each run's work and reads it back; a missing or broken record reads as none", () => {
    const folder = mkdtempSync(join(tmpdir(), "work-"));
    try {
      const file = workRecordFile({ XDG_CACHE_HOME: folder });
      expect(readWork(file)).toEqual({});
      const run = (profile: string, durations: number[]) =>
        ({
          broker: "reference",
          brokerVersion: "0.1.0",
          profile,
          scenarios: durations.map((durationMs) => ({ durationMs })),
        }) as unknown as RunResults;
      recordWork(file, [run("aws-iot-core", [1000, 2000]), run("oasis", [500])]);
      expect(readWork(file)).toEqual({
        [workKey("reference", "0.1.0", "aws-iot-core")]: 3000,
        [workKey("reference", "0.1.0", "oasis")]: 500,
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
