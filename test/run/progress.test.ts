// The console during a run: one status line with counts, time spent and time left; redrawn in
// place on a terminal, printed every so often in a log, and gone once the runs are over.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ScenarioResult } from "../../support/results/results.ts";
import { duration, ProgressBoard } from "../../support/run/progress.ts";

const scenario = (status: ScenarioResult["status"]) => ({ status }) as ScenarioResult;

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe("ProgressBoard", () => {
  afterEach(() => vi.useRealTimers());

  it("shows each run's counts, the time spent and, once a tenth is done, the time left at the pace so far", () => {
    let now = 0;
    const board = new ProgressBoard(stream(false), { now: () => now });
    const aws = board.track("reference·aws-iot-core", () => 200);
    const oasis = board.track("reference·oasis", () => 100);
    expect(board.statusLine()).toBe("  ▸ reference·aws-iot-core 0/200 · reference·oasis 0/100 · 0 s");
    now = 10_000;
    for (let index = 0; index < 50; index++) aws.onScenario(scenario(index === 0 ? "failed" : "passed"));
    for (let index = 0; index < 20; index++) oasis.onScenario(scenario(index < 2 ? "not-applicable" : "passed"));
    // aws: 50 in 10 s, 150 to go: 30 s; oasis: 20 in 10 s, 80 to go: 40 s; the longer counts
    expect(board.statusLine()).toBe(
      "  ▸ reference·aws-iot-core 50/200 (49✓ 1✗) · reference·oasis 20/100 (18✓ 2–) · 10 s, about 40 s left",
    );
    board.finish(oasis);
    expect(board.statusLine()).toBe("  ▸ reference·aws-iot-core 50/200 (49✓ 1✗) · 10 s, about 30 s left");
    board.close();
  });

  it("redraws one line on a terminal and clears it for lines that stay and at the end", () => {
    const out = stream(true);
    const board = new ProgressBoard(out, { now: () => 0 });
    const run = board.track("mosquitto·oasis", () => 3);
    board.say("▶ mosquitto 2.0.11 under profile oasis");
    board.finish(run);
    board.close();
    const text = out.written.join("");
    expect(text).toContain("\r\x1b[2K  ▸ mosquitto·oasis 0/3 · 0 s");
    expect(text).toContain("\r\x1b[2K▶ mosquitto 2.0.11 under profile oasis\n");
    expect(text.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("prints a status line to a log only every interval, so a short run prints none", () => {
    vi.useFakeTimers();
    const out = stream(false);
    const board = new ProgressBoard(out, { logIntervalMs: 15_000 });
    const run = board.track("aedes·aws-iot-core", () => 10);
    run.onScenario(scenario("passed"));
    expect(out.written).toEqual([]);
    vi.advanceTimersByTime(15_000);
    expect(out.written).toHaveLength(1);
    expect(out.written[0]).toMatch(/^ {2}▸ aedes·aws-iot-core 1\/10 \(1✓\) · 15 s, about 2 min 15 s left\n$/);
    board.finish(run);
    vi.advanceTimersByTime(30_000);
    expect(out.written).toHaveLength(1);
    board.close();
  });
});

describe("duration", () => {
  it.each([
    [400, "0 s"],
    [42_300, "42 s"],
    [185_000, "3 min 05 s"],
  ])("%d ms → %s", (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
