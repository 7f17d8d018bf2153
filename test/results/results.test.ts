// Scenario verdicts from Cucumber messages: passed, failed with the expectation as reason, and
// not applicable only with a reason.
import type { Envelope } from "@cucumber/messages";
import { describe, expect, it } from "vitest";
import { notApplicableAttachment } from "../../support/harness/not-applicable.ts";
import { countVerdicts, failureReason, ResultCollector } from "../../support/results/results.ts";

const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

function scenarioEnvelopes(id: string, tags: string[], steps: Array<{ status: string; message?: string }>, attachment?: string): Envelope[] {
  const envelopes: Envelope[] = [
    { pickle: { id: `p${id}`, uri: "features/x.feature", name: `scenario ${id}`, language: "en", steps: [], tags: tags.map((name) => ({ name, astNodeId: "" })), astNodeIds: [] } },
    { testCase: { id: `c${id}`, pickleId: `p${id}`, testSteps: [], testRunStartedId: "r" } },
    { testCaseStarted: { id: `s${id}`, testCaseId: `c${id}`, attempt: 0, timestamp: at(1000) } },
  ] as Envelope[];
  for (const step of steps) {
    envelopes.push({ testStepFinished: { testCaseStartedId: `s${id}`, testStepId: "", timestamp: at(1100), testStepResult: { status: step.status, message: step.message, duration: at(0) } } } as Envelope);
  }
  if (attachment) envelopes.push({ attachment: { testCaseStartedId: `s${id}`, fileName: notApplicableAttachment, body: attachment, mediaType: "text/plain", contentEncoding: "IDENTITY" } } as Envelope);
  envelopes.push({ testCaseFinished: { testCaseStartedId: `s${id}`, timestamp: at(1250), willBeRetried: false } } as Envelope);
  return envelopes;
}

describe("ResultCollector", () => {
  const collector = new ResultCollector();
  const envelopes = [
    { gherkinDocument: { uri: "features/x.feature", feature: { name: "Wildcards" }, comments: [] } } as unknown as Envelope,
    ...scenarioEnvelopes("1", ["@req:DIF-01", "@mqtt311"], [{ status: "PASSED" }, { status: "PASSED" }]),
    ...scenarioEnvelopes("2", ["@req:RET-06", "@mqtt5", "@mqtt311"], [{ status: "PASSED" }, { status: "FAILED", message: "[RET-06] subscriber: expected no PUBLISH\n  log line" }, { status: "SKIPPED" }]),
    ...scenarioEnvelopes("3", ["@req:SHR-01", "@mqtt5"], [{ status: "SKIPPED" }], 'rabbitmq lacks capability "shared-subscriptions"'),
    ...scenarioEnvelopes("4", ["@req:QOS-01", "@mqtt5"], [{ status: "SKIPPED" }]),
  ];
  envelopes.forEach(collector.onMessage);
  const results = collector.scenarios();

  it("passes a scenario whose steps all passed, with its duration", () => {
    expect(results[0]).toEqual({ name: "scenario 1", feature: "Wildcards", requirements: ["DIF-01"], mqttVersion: "3.1.1", status: "passed", reason: null, durationMs: 250 });
  });

  it("fails a scenario with the first line of its failure as the reason", () => {
    expect(results[1]).toMatchObject({ status: "failed", reason: "[RET-06] subscriber: expected no PUBLISH", mqttVersion: "3.1.1+5" });
  });

  it("reports a skip with a reason as not applicable", () => {
    expect(results[2]).toMatchObject({ status: "not-applicable", reason: 'rabbitmq lacks capability "shared-subscriptions"' });
  });

  it("fails a skip without a reason rather than hiding it", () => {
    expect(results[3]).toMatchObject({ status: "failed", reason: "skipped without a not-applicable reason" });
  });

  it("counts verdicts", () => {
    expect(countVerdicts(results)).toEqual({ passed: 1, failed: 2, "not-applicable": 1 });
  });
});

describe("failureReason", () => {
  it.each([
    ["ExpectationError: [DIF-01] sub: expected CONNACK within 3000 ms\nclient \"sub\" (times…):\n  +  0ms → CONNECT", "[DIF-01] sub: expected CONNACK within 3000 ms"],
    [
      "ExpectationError: [DIF-01] sub: expected no PUBLISH on \"t/sensor\" within 500 ms, got:\n    +   80ms ← PUBLISH topic=\"t/sensor\" qos=1\nclient \"sub\" (…):",
      "[DIF-01] sub: expected no PUBLISH on \"t/sensor\" within 500 ms, got: ← PUBLISH topic=\"t/sensor\" qos=1",
    ],
    ["[X-01] a: expected no P within 5 ms, got:\n  +  1ms ← P one\n  +  2ms ← P two\nclient \"a\"", "[X-01] a: expected no P within 5 ms, got: ← P one …"],
    ["Error: function timed out, ensure the promise resolves within 20000 milliseconds", "function timed out, ensure the promise resolves within 20000 milliseconds"],
  ])("%j → %j", (message, reason) => {
    expect(failureReason(message)).toBe(reason);
  });
});
