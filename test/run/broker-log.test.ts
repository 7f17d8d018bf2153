// Broker log lines on stderr go to the run's log file, not among the progress; anything else on
// stderr still reaches the console.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { divertBrokerLog, isBrokerLog } from "../../support/run/broker-log.ts";

describe("divertBrokerLog", () => {
  it("sends tagged broker lines to the file and the listener, and lets the rest through", () => {
    const file = join(mkdtempSync(join(tmpdir(), "broker-log-")), "broker.log");
    const passed: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => passed.push(chunk) > 0) as typeof process.stderr.write;
    try {
      const heard: string[] = [];
      const restore = divertBrokerLog(file, (line) => heard.push(line));
      const nested = divertBrokerLog(file);
      process.stderr.write("[reference-broker] rule lastWillRule: http action failed: This operation was aborted\n");
      process.stderr.write("mqtt-conformance: something the user must see\n");
      nested();
      restore();
      process.stderr.write("[reference-broker] after the run\n");
      expect(readFileSync(file, "utf8")).toBe(
        "[reference-broker] rule lastWillRule: http action failed: This operation was aborted\n",
      );
      expect(heard).toEqual(["[reference-broker] rule lastWillRule: http action failed: This operation was aborted"]);
      expect(passed).toEqual([
        "mqtt-conformance: something the user must see\n",
        "[reference-broker] after the run\n",
      ]);
    } finally {
      process.stderr.write = original;
    }
  });

  it("calls a write's callback for a diverted line", () => {
    const file = join(mkdtempSync(join(tmpdir(), "broker-log-")), "broker.log");
    const restore = divertBrokerLog(file);
    const callback = vi.fn();
    process.stderr.write("[reference-broker] x\n", callback);
    restore();
    expect(callback).toHaveBeenCalledOnce();
  });
});

describe("isBrokerLog", () => {
  it.each([
    ["[reference-broker] client c1 connected\n", true],
    ["[reference-broker] a\n[reference-broker] b\n", true],
    ["[reference-broker] a\nTypeError: boom\n", false],
    ["Error: [RET-06] expected …\n", false],
    ["\n", false],
  ])("%j → %s", (text, expected) => {
    expect(isBrokerLog(text)).toBe(expected);
  });
});
