// JUnit XML as CI servers read it: valid against the schema of that shape (test/results/junit.xsd,
// checked with libxml2's xmllint compiled to WebAssembly), counts that add up, and each verdict
// where a CI server looks for it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { renderJunit, xmlText } from "../../support/results/junit.ts";
import type { RunResults, ScenarioResult } from "../../support/results/results.ts";
import { scenarioResult } from "../fixtures/runs.ts";

const schema = readFileSync(new URL("./junit.xsd", import.meta.url), "utf8");

const scenario = (
  name: string,
  requirements: string[],
  status: ScenarioResult["status"],
  reason: string | null = null,
  notes: string[] = [],
): ScenarioResult => ({
  ...scenarioResult(requirements, status, reason, notes, name),
  feature: "Retained messages",
  mqttVersion: "3.1.1+5",
  durationMs: 1234,
});

const runs: RunResults[] = [
  {
    broker: "mosquitto",
    brokerVersion: "2.0.11",
    profile: "aws-iot-core",
    startedAt: "2025-01-02T03:04:05.678Z",
    durationMs: 61_000,
    scenarios: [
      scenario("a retained message reaches an exact subscription", ["RET-01"], "passed"),
      scenario(
        'wildcards get no retained <messages> & "such"',
        ["RET-06", "DIF-01"],
        "failed",
        '[RET-06] subscriber: expected no PUBLISH on "a/+", got: ← PUBLISH topic="a/b" \u0007',
      ),
      scenario(
        "shared subscriptions for MQTT 3.1.1",
        ["SHR-01"],
        "unsupported",
        "mosquitto lacks shared subscriptions for MQTT 3.1.1",
      ),
      scenario("an MQTT 5 only check", ["M5-02"], "not-applicable", "the broker does not speak MQTT 5"),
    ],
  },
  {
    broker: "reference",
    brokerVersion: "0.1.0",
    profile: "oasis",
    startedAt: "2025-01-02T03:04:05Z",
    durationMs: 1000,
    scenarios: [scenario("keep-alive", ["RC-12"], "passed", null, ["[RC-12] SHOULD: expected DISCONNECT 0x8D"])],
  },
];

describe("renderJunit", () => {
  const xml = renderJunit(runs);

  it("is valid against the JUnit schema CI servers read", async () => {
    const result = await validateXML({
      xml: [{ fileName: "junit.xml", contents: xml }],
      schema: [{ fileName: "junit.xsd", contents: schema }],
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("(the schema does reject a suite without its counts, or a failure outside a test case)", async () => {
    const broken = xml.replace(/ tests="4" failures="2"/, "").replace("</testsuite>", "<failure/></testsuite>");
    const result = await validateXML({
      xml: [{ fileName: "junit.xml", contents: broken }],
      schema: [{ fileName: "junit.xsd", contents: schema }],
    });
    expect(result.valid).toBe(false);
    expect(result.errors.map((error) => error.message).join("\n")).toMatch(
      /attribute 'tests' is required[\s\S]*failure/,
    );
  });

  it("names each suite after the broker and profile, with counts that add up", () => {
    expect(xml).toContain(
      '<testsuite name="mosquitto 2.0.11 · aws-iot-core" tests="4" failures="2" errors="0" skipped="1" ' +
        'time="61.000" timestamp="2025-01-02T03:04:05">',
    );
    expect(xml).toContain('<testsuites name="mqtt-conformance" tests="5" failures="2" errors="0" skipped="1"');
    expect(xml.match(/<testcase /g)).toHaveLength(5);
  });

  it("gives each test case its requirement IDs and verdict as properties", () => {
    expect(xml).toMatch(
      new RegExp(
        /<property name="requirement" value="RET-06"\/>\s*<property name="requirement" value="DIF-01"\/>\s*/.source +
          /<property name="verdict" value="failed"\/>/.source,
      ),
    );
  });

  it(
    "reports failed as a failure, unsupported as a failure of type unsupported, " +
      "not applicable as skipped with the reason",
    () => {
      expect(xml).toContain(
        '<failure message="[RET-06] subscriber: expected no PUBLISH on &quot;a/+&quot;, ' +
          'got: ← PUBLISH topic=&quot;a/b&quot; " type="failed">',
      );
      expect(xml).toContain(
        '<failure message="mosquitto lacks shared subscriptions for MQTT 3.1.1" type="unsupported">',
      );
      expect(xml).toContain('<skipped message="not applicable: the broker does not speak MQTT 5"/>');
    },
  );

  it("keeps notes on a passed test case without failing it", () => {
    expect(xml).toContain("<system-out>[RC-12] SHOULD: expected DISCONNECT 0x8D</system-out>");
  });
});

describe("xmlText", () => {
  it("escapes markup and drops characters XML cannot hold", () => {
    expect(xmlText(`<a href="x">'&'</a>\u0000\u001b`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });
});
