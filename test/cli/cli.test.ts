// The command line as a user meets it: one-line errors for bad input, bounded, a broker that
// never answers CONNECT reported in one line, and a run that writes results.json and JUnit XML,
// names the broker it judged, and prints a summary with no broker log in it.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
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
    [
      ["run", "--profile", "azure"],
      new RegExp(
        /^error: option '--profile <profiles>' argument 'azure' is invalid\. /.source +
          /unknown profile "azure"; choose aws-iot-core, oasis or all\n$/.source,
      ),
    ],
    [
      ["run", "--parallel", "0"],
      /^error: option '--parallel <n>' argument '0' is invalid\. expected a whole number of 1 or more\n$/,
    ],
    [["run", "--broker", "nosuch"], /^mqtt-conformance: unknown broker "nosuch"; known brokers: .*reference.*\n$/],
    [
      ["run", "--url", "http://127.0.0.1:1"],
      new RegExp(
        /^mqtt-conformance: unsupported URL scheme "http:" in http:\/\/127\.0\.0\.1:1; /.source +
          /expected mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\/host:port\n$/.source,
      ),
    ],
    [
      ["run", "--url", "mqtts://127.0.0.1:1", "--ca", "/nonexistent/ca.pem"],
      /^mqtt-conformance: cannot read --ca \/nonexistent\/ca\.pem: ENOENT\n$/,
    ],
    [
      ["run", "--url", "mqtt://127.0.0.1:1", "--ca", "/etc/hostname"],
      /^mqtt-conformance: --ca, --cert and --key need an mqtts:\/\/ or wss:\/\/ URL, not mqtt:\/\/127\.0\.0\.1:1\n$/,
    ],
    [
      ["run", "--url", "ws://127.0.0.1:1/mqtt"],
      new RegExp(
        /^mqtt-conformance: cannot reach the broker at ws:\/\/127\.0\.0\.1:1\/mqtt: /.source +
          /connect ECONNREFUSED 127\.0\.0\.1:1\n$/.source,
      ),
    ],
    [
      ["run", "--url", "mqtt://127.0.0.1:1"],
      /^mqtt-conformance: cannot reach the broker at 127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1\n$/,
    ],
  ])("%j fails with one line", { timeout: 30_000 }, async (args, message) => {
    const started = Date.now();
    const result = await cli(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("reports a broker that accepts the connection but never answers CONNECT in one line, within 10 s", {
    timeout: 60_000,
  }, async () => {
    const silent: Server = createServer((socket) => socket.on("error", () => {}));
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, "127.0.0.1", () => resolve((silent.address() as { port: number }).port)),
    );
    const descriptor = join(mkdtempSync(join(tmpdir(), "mqtt-conformance-")), "d.yaml");
    writeFileSync(
      descriptor,
      'name: acme-broker\nversion: "9.9"\ndescription: a broker that never answers\n' +
        'protocolVersions: ["3.1.1", "5"]\n',
    );
    try {
      const started = Date.now();
      const result = await cli([
        "run",
        "--url",
        `mqtt://127.0.0.1:${port}`,
        "--descriptor",
        descriptor,
        "--reports",
        join(descriptor, ".."),
      ]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe(`▶ acme-broker 9.9 under profile aws-iot-core (tcp 127.0.0.1:${port})\n`);
      const question = "is it an MQTT broker, and is this its MQTT port?";
      expect(result.stderr).toBe(
        `mqtt-conformance: acme-broker at 127.0.0.1:${port} accepted the connection ` +
          `but did not answer CONNECT within 5 s: ${question}\n`,
      );
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      silent.close();
    }
  });

  it("runs selected scenarios on the embedded broker and writes results.json and junit.xml", {
    timeout: 60_000,
  }, async () => {
    const reports = mkdtempSync(join(tmpdir(), "mqtt-conformance-"));
    const result = await cli(["run", "--tags", "@req:QOS-09", "--reports", reports]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^▶ reference 0\.1\.0 under profile aws-iot-core \(in-process at 127\.0\.0\.1:\d+\)\n/,
    );
    expect(result.stdout).toMatch(
      /reference · aws-iot-core: 4 passed, 0 failed, 0 unsupported, 0 not applicable \(4 scenarios, [\d.]+ s\)/,
    );
    expect(result.stdout).not.toContain("[reference-broker]");
    expect(readFileSync(join(reports, "junit.xml"), "utf8")).toContain(
      '<testsuite name="reference 0.1.0 · aws-iot-core" tests="4" failures="0"',
    );
    const results = JSON.parse(readFileSync(join(reports, "results.json"), "utf8"));
    expect(results).toMatchObject({ broker: "reference", profile: "aws-iot-core" });
    expect(
      results.scenarios.map((scenario: { requirements: string[]; status: string }) => [
        scenario.requirements,
        scenario.status,
      ]),
    ).toEqual(Array(4).fill([["QOS-09"], "passed"]));
  });
});

describe("mqtt-conformance matrix merge, compare and certify --verify", () => {
  const run = (broker: string, profile: string, failed: string[]) => ({
    broker,
    brokerVersion: "1.0",
    profile,
    startedAt: "2025-01-02T03:04:05Z",
    durationMs: 1000,
    scenarios: ["RET-01", "RET-06", "DIF-01"].map((id) => ({
      name: `${id} scenario`,
      feature: "f",
      requirements: [id],
      mqttVersion: "3.1.1",
      notes: [],
      durationMs: 5,
      status: failed.includes(id) ? "failed" : "passed",
      reason: failed.includes(id) ? `[${id}] observed` : null,
      judged: { [id]: failed.includes(id) ? { status: "failed", reason: `[${id}] observed` } : { status: "passed" } },
    })),
  });

  it("merges shards into one matrix and compares a broker from it", { timeout: 60_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), "mqtt-conformance-"));
    for (const [folder, runs] of [
      ["shard-1", [run("alpha", "aws-iot-core", ["RET-06", "DIF-01"])]],
      ["shard-2", [run("beta", "aws-iot-core", [])]],
    ] as const) {
      mkdirSync(join(root, folder, "allure-results"), { recursive: true });
      writeFileSync(join(root, folder, "matrix.json"), JSON.stringify(runs));
      writeFileSync(join(root, folder, "allure-results", `${folder}-result.json`), "{}");
    }
    const merged = await cli([
      "matrix",
      "merge",
      join(root, "shard-1"),
      join(root, "shard-2"),
      "--reports",
      join(root, "merged"),
    ]);
    expect(merged.stdout).toContain("merged 2 run(s) from 2 folder(s)");
    expect(
      JSON.parse(readFileSync(join(root, "merged", "matrix.json"), "utf8")).map(
        (entry: { broker: string }) => entry.broker,
      ),
    ).toEqual(["alpha", "beta"]);
    expect(readFileSync(join(root, "merged", "matrix.md"), "utf8")).toContain("| alpha 1.0 | aws-iot-core |");
    expect(existsSync(join(root, "merged", "allure-results", "shard-2-result.json"))).toBe(true);

    const compared = await cli([
      "compare",
      "--from",
      join(root, "merged", "matrix.json"),
      "--broker",
      "alpha",
      "--reports",
      join(root, "merged"),
    ]);
    expect(compared.code).toBe(0);
    expect(compared.stdout).toContain("- **RET-06** Retained messages will also arrive on wildcard subscriptions.");
    expect(compared.stdout).toContain(
      "- **DIF-01** A subscription to sensor/# will also receive messages published on sensor itself.",
    );
    expect(existsSync(join(root, "merged", "compare-alpha.html"))).toBe(true);
    const ambiguous = await cli(["compare", "--from", join(root, "merged", "matrix.json")]);
    const mergedMatrix = join(root, "merged", "matrix.json");
    expect(ambiguous.stderr).toBe(
      `mqtt-conformance: ${mergedMatrix} holds aws-iot-core runs of alpha, beta: choose one with --broker\n`,
    );
  });

  it("verifies a certificate and refuses an edited one", { timeout: 60_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), "mqtt-conformance-"));
    const file = join(folder, "certificate.json");
    writeFileSync(file, "{}\n");
    const missing = await cli(["certify", "--verify", file]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`no digest file ${file}.sha256 beside it`);
  });
});
