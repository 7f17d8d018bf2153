// The command line as a user meets it: one-line errors for bad input, bounded, and a run that
// writes results.json and prints a summary.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const bin = new URL("../../bin/mqtt-conformance.js", import.meta.url).pathname;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("mqtt-conformance run", () => {
  it.each([
    [["run", "--nope"], /^error: unknown option '--nope'\n$/],
    [["run", "--profile", "azure"], /^error: option '--profile <profiles>' argument 'azure' is invalid\. unknown profile "azure"; choose aws-iot-core, oasis or all\n$/],
    [["run", "--parallel", "0"], /^error: option '--parallel <n>' argument '0' is invalid\. expected a whole number of 1 or more\n$/],
    [["run", "--broker", "nosuch"], /^mqtt-conformance: unknown broker "nosuch"; known brokers: .*reference.*\n$/],
    [["run", "--url", "http://127.0.0.1:1"], /^mqtt-conformance: unsupported URL scheme "http:" in http:\/\/127\.0\.0\.1:1; expected mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\/host:port\n$/],
    [["run", "--url", "mqtts://127.0.0.1:1", "--ca", "/nonexistent/ca.pem"], /^mqtt-conformance: cannot read --ca \/nonexistent\/ca\.pem: ENOENT\n$/],
    [["run", "--url", "mqtt://127.0.0.1:1", "--ca", "/etc/hostname"], /^mqtt-conformance: --ca, --cert and --key need an mqtts:\/\/ or wss:\/\/ URL, not mqtt:\/\/127\.0\.0\.1:1\n$/],
    [["run", "--url", "ws://127.0.0.1:1/mqtt"], /^mqtt-conformance: cannot reach the broker at ws:\/\/127\.0\.0\.1:1\/mqtt: connect ECONNREFUSED 127\.0\.0\.1:1\n$/],
    [["run", "--url", "mqtt://127.0.0.1:1"], /^mqtt-conformance: cannot reach the broker at 127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1\n$/],
  ])("%j fails with one line", { concurrent: true }, async (args, message) => {
    const started = Date.now();
    const result = await cli(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("runs selected scenarios on the embedded broker and writes results.json", async () => {
    const reports = mkdtempSync(join(tmpdir(), "mqtt-conformance-"));
    const result = await cli(["run", "--tags", "@req:QOS-09", "--reports", reports]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/reference · aws-iot-core: 4 passed, 0 failed, 0 unsupported, 0 not applicable \(4 scenarios, [\d.]+ s\)/);
    const results = JSON.parse(readFileSync(join(reports, "results.json"), "utf8"));
    expect(results).toMatchObject({ broker: "reference", profile: "aws-iot-core" });
    expect(results.scenarios.map((scenario: { requirements: string[]; status: string }) => [scenario.requirements, scenario.status])).toEqual(
      Array(4).fill([["QOS-09"], "passed"]),
    );
  });
});
