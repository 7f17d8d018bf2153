// The suite's own checks against stand-in brokers that each break one rule (test/harness/
// faulty-proxy.ts in front of the reference broker): a close too late or too early after a silent
// keep-alive, a topic alias the client never allowed, a message of exactly the client's Maximum
// Packet Size dropped. Each fault must fail the scenario, charged to the requirement it breaks;
// the same scenarios must pass on the stand-in that breaks nothing.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type StartedReferenceBroker } from "../../brokers/reference/src/index.ts";
import type { RunResults } from "../../support/results/results.ts";
import { startFaultyProxy, type Fault } from "./faulty-proxy.ts";

const run = promisify(execFile);
const cli = new URL("../../bin/mqtt-conformance.js", import.meta.url).pathname;
const descriptor = new URL("../../brokers/reference/broker.yaml", import.meta.url).pathname;

let oasis: StartedReferenceBroker;
let aws: StartedReferenceBroker;

beforeAll(async () => {
  oasis = await startBroker({ profile: "oasis" });
  aws = await startBroker({ profile: "aws-iot-core" });
});

afterAll(async () => {
  await oasis.stop();
  await aws.stop();
});

/**
 * Runs the scenarios a tag expression selects against a stand-in with the fault; returns each requirement's verdict.
 */
async function judge(fault: Fault, profile: "oasis" | "aws-iot-core", tags: string): Promise<Record<string, string>> {
  const proxy = await startFaultyProxy((profile === "oasis" ? oasis : aws).port, fault);
  const reports = mkdtempSync(join(tmpdir(), "stand-in-"));
  try {
    await run(
      process.execPath,
      [
        cli,
        "run",
        "--url",
        `mqtt://127.0.0.1:${proxy.port}`,
        "--descriptor",
        descriptor,
        "--profile",
        profile,
        "--tags",
        tags,
        "--reports",
        reports,
      ],
      { timeout: 60_000 },
    ).catch((error: { code?: number }) => {
      if (error.code !== 1) throw error; // 1: some scenario failed, which is what some of these expect
    });
    const results = JSON.parse(readFileSync(join(reports, "results.json"), "utf8")) as RunResults;
    const verdicts: Record<string, string> = {};
    for (const scenario of results.scenarios)
      for (const [id, verdict] of Object.entries(scenario.judged))
        if (verdicts[id] !== "failed") verdicts[id] = verdict.status;
    return verdicts;
  } finally {
    await proxy.close();
    rmSync(reports, { recursive: true, force: true });
  }
}

describe("the suite judging stand-in brokers", () => {
  it("passes a broker that closes a silent client at 1.5 x its keep-alive, " +
    "and fails one that closes too late or too early", async () => {
    const [none, late, early] = await Promise.all([
      judge("none", "oasis", "@req:LWT-06"),
      judge("late-close", "oasis", "@req:LWT-06"),
      judge("early-close", "oasis", "@req:LWT-06"),
    ]);
    expect(none["LWT-06"]).toBe("passed");
    expect(late["LWT-06"]).toBe("failed");
    expect(early["LWT-06"]).toBe("failed");
  }, 90_000);

  it("fails a broker that uses a topic alias its client did not allow, " +
    "charging the OASIS statement it breaks", async () => {
    const [none, alias] = await Promise.all([
      judge("none", "oasis", "@req:M5-11"),
      judge("topic-alias", "oasis", "@req:M5-11"),
    ]);
    expect(none).toEqual({ "M5-11": "passed" });
    expect(alias["MQTT5-3.1.2-27"]).toBe("failed");
  }, 90_000);

  it("fails a broker that drops a message of exactly its client's Maximum Packet Size " +
    "(the boundary, not just beyond it)", async () => {
    const [none, boundary] = await Promise.all([
      judge("none", "aws-iot-core", "@req:M5-10"),
      judge("boundary", "aws-iot-core", "@req:M5-10"),
    ]);
    expect(none["M5-10"]).toBe("passed");
    expect(boundary["M5-10"]).toBe("failed");
  }, 90_000);
});
