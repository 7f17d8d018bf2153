// AWS IoT Core's message-broker limits as the reference broker keeps them: one accepted CONNECT a
// second per client identifier [LIM-04], and a throughput cap that delays, never drops [LIM-05];
// on under aws-iot-core by default, off under oasis unless set.
import { describe, expect, it } from "vitest";
import type { Scheduler } from "../../../brokers/reference/src/edge-guard.ts";
import { ConnectRate } from "../../../brokers/reference/src/limits/connect-rate.ts";
import { awsLimitDefaults, effectiveLimits } from "../../../brokers/reference/src/limits/limits-config.ts";
import { ThroughputCap } from "../../../brokers/reference/src/limits/throughput.ts";

describe("CONNECT rate per client identifier [LIM-04]", () => {
  it("accepts one a second per identifier, others independently, and again once the second has passed", () => {
    let now = 10_000;
    const rate = new ConnectRate(1, () => now);
    expect(rate.admit("a")).toBe(true);
    expect(rate.admit("b")).toBe(true);
    now += 999;
    expect(rate.admit("a")).toBe(false);
    now += 1;
    expect(rate.admit("a")).toBe(true);
  });

  it("does not count a refused CONNECT against the next second", () => {
    let now = 0;
    const rate = new ConnectRate(1, () => now);
    rate.admit("a");
    now = 500;
    expect(rate.admit("a")).toBe(false);
    now = 1000;
    expect(rate.admit("a")).toBe(true);
  });

  it("admits everything without a rate", () => {
    const rate = new ConnectRate(undefined);
    expect([rate.admit("a"), rate.admit("a"), rate.admit("a")]).toEqual([true, true, true]);
  });
});

/** A scheduler whose timers run when the test says. */
function manualTimers(): Scheduler & { runAll(): void } {
  const queue: (() => void)[] = [];
  return {
    after(_ms: number, _what: string, run: () => void) {
      queue.push(run);
    },
    /** Runs the timers due so far (not those they set in turn: the clock stands still). */
    runAll() {
      for (const run of queue.splice(0)) run();
    },
  } as unknown as Scheduler & { runAll(): void };
}

describe("throughput cap [LIM-05]", () => {
  it("handles a second's worth at once, holds the rest with input paused, and loses nothing", () => {
    let now = 0;
    const timers = manualTimers();
    const handled: Buffer[] = [];
    const paused: boolean[] = [];
    const cap = new ThroughputCap(
      100,
      timers,
      (bytes) => handled.push(bytes),
      (p) => paused.push(p),
      () => false,
      () => now,
    );
    cap.received(Buffer.alloc(250, 1));
    expect(Buffer.concat(handled).length).toBe(100);
    expect(paused.at(-1)).toBe(true);
    now += 1000;
    timers.runAll();
    expect(Buffer.concat(handled).length).toBe(200);
    now += 1000;
    timers.runAll();
    expect(Buffer.concat(handled)).toEqual(Buffer.alloc(250, 1));
    expect(paused.at(-1)).toBe(false);
  });

  it("passes everything through without a cap", () => {
    const handled: Buffer[] = [];
    const cap = new ThroughputCap(
      undefined,
      manualTimers(),
      (bytes) => handled.push(bytes),
      () => {},
      () => false,
    );
    cap.received(Buffer.alloc(10_000_000));
    expect(handled).toHaveLength(1);
  });
});

describe("the limits in force", () => {
  it("are AWS IoT Core's under aws-iot-core and none under oasis, unless set", () => {
    expect(effectiveLimits("aws-iot-core", {})).toEqual(awsLimitDefaults);
    expect(Object.values(effectiveLimits("oasis", {})).every((value) => value === undefined)).toBe(true);
    expect(effectiveLimits("oasis", { connectsPerSecondPerClientId: 5 }).connectsPerSecondPerClientId).toBe(5);
  });
});
