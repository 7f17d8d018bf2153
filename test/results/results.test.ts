// Scenario verdicts from Cucumber messages: passed, failed with the expectation as reason (and
// charged to the requirement of the step that failed), unsupported and not applicable only with
// a reason, and notes kept apart from failures.
import type { Envelope } from "@cucumber/messages";
import { describe, expect, it } from "vitest";
import { attachmentNames } from "../../support/harness/verdicts.ts";
import { countVerdicts, failureReason, ResultCollector } from "../../support/results/results.ts";

const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

interface Step {
  text?: string;
  status: string;
  message?: string;
}

function scenarioEnvelopes(
  id: string,
  tags: string[],
  steps: Step[],
  attachments: Array<[string, string]> = [],
): Envelope[] {
  const pickleSteps = steps.map((step, index) => ({
    id: `${id}-ps${index}`,
    text: step.text ?? `step ${index}`,
    type: "Action",
    astNodeIds: [],
  }));
  const envelopes: Envelope[] = [
    {
      pickle: {
        id: `p${id}`,
        uri: "features/x.feature",
        name: `scenario ${id}`,
        language: "en",
        steps: pickleSteps,
        tags: tags.map((name) => ({ name, astNodeId: "" })),
        astNodeIds: [],
      },
    },
    {
      testCase: {
        id: `c${id}`,
        pickleId: `p${id}`,
        testSteps: steps.map((_, index) => ({ id: `${id}-ts${index}`, pickleStepId: `${id}-ps${index}` })),
        testRunStartedId: "r",
      },
    },
    { testCaseStarted: { id: `s${id}`, testCaseId: `c${id}`, attempt: 0, timestamp: at(1000) } },
  ] as Envelope[];
  steps.forEach((step, index) => {
    envelopes.push({
      testStepFinished: {
        testCaseStartedId: `s${id}`,
        testStepId: `${id}-ts${index}`,
        timestamp: at(1100),
        testStepResult: { status: step.status, message: step.message, duration: at(0) },
      },
    } as Envelope);
  });
  for (const [fileName, body] of attachments)
    envelopes.push({
      attachment: {
        testCaseStartedId: `s${id}`,
        fileName,
        body,
        mediaType: "text/plain",
        contentEncoding: "IDENTITY",
      },
    } as Envelope);
  envelopes.push({
    testCaseFinished: { testCaseStartedId: `s${id}`, timestamp: at(1250), willBeRetried: false },
  } as Envelope);
  return envelopes;
}

describe("ResultCollector", () => {
  const collector = new ResultCollector();
  const envelopes = [
    {
      gherkinDocument: { uri: "features/x.feature", feature: { name: "Wildcards" }, comments: [] },
    } as unknown as Envelope,
    ...scenarioEnvelopes("1", ["@req:DIF-01", "@mqtt311"], [{ status: "PASSED" }, { status: "PASSED" }]),
    ...scenarioEnvelopes(
      "2",
      ["@req:RET-06", "@mqtt5", "@mqtt311"],
      [
        { status: "PASSED" },
        { status: "FAILED", message: "[RET-06] subscriber: expected no PUBLISH\n  log line" },
        { status: "SKIPPED" },
      ],
    ),
    ...scenarioEnvelopes(
      "3",
      ["@req:SHR-01", "@mqtt5"],
      [{ status: "SKIPPED" }],
      [[attachmentNames.notApplicable, "ejabberd lacks shared subscriptions"]],
    ),
    ...scenarioEnvelopes("4", ["@req:QOS-01", "@mqtt5"], [{ status: "SKIPPED" }]),
    ...scenarioEnvelopes(
      "5",
      ["@req:SHR-01", "@mqtt311"],
      [{ status: "FAILED", message: "[SHR-01] unsupported: …" }, { status: "SKIPPED" }],
      [[attachmentNames.unsupported, "rabbitmq lacks shared subscriptions, which aws-iot-core requires"]],
    ),
    // M5-04 passed its steps before M5-06 failed; M5-05's step never ran
    ...scenarioEnvelopes(
      "6",
      ["@req:M5-04", "@req:M5-05", "@req:M5-06", "@mqtt5"],
      [
        { text: "client connects", status: "PASSED" },
        { text: '[M5-04] "early" receives "a" on "t"', status: "PASSED" },
        {
          text: '[M5-06] "early" receives "b" on "t" with these properties:',
          status: "FAILED",
          message: "[M5-06] early: expected Message Expiry Interval 604800, got 700000",
        },
        { text: '[M5-05] "late" receives "c" on "t"', status: "SKIPPED" },
      ],
    ),
    // a breach found after the steps is charged to the requirement it breaks
    ...scenarioEnvelopes(
      "7",
      ["@req:QOS-01", "@mqtt5"],
      [
        { status: "PASSED" },
        {
          status: "FAILED",
          message: "AssertionError: [MQTT5-3.1.2-24 M5-10] small: the broker sent a PUBLISH of 300 bytes",
        },
      ],
    ),
    ...scenarioEnvelopes(
      "8",
      ["@req:RC-12", "@mqtt5"],
      [{ status: "PASSED" }],
      [[attachmentNames.note, "[RC-12] SHOULD: quiet: expected DISCONNECT 0x8D"]],
    ),
    // a step of MQTT5-3.3.4-4 found its rule not applicable; the scenario judged the other two
    ...scenarioEnvelopes(
      "9",
      ["@req:MQTT5-3.3.4-3", "@req:MQTT5-3.3.4-4", "@req:MQTT5-3.3.4-5", "@mqtt5"],
      [
        { text: "[MQTT5-3.3.4-3] copies carry both", status: "PASSED" },
        { text: "[MQTT5-3.3.4-4] on one copy", status: "PASSED" },
        { text: "[MQTT5-3.3.4-5] one to a copy", status: "PASSED" },
      ],
      [[attachmentNames.requirementNotApplicable, "MQTT5-3.3.4-4\tmosquitto sent 3 copies"]],
    ),
    ...scenarioEnvelopes(
      "10",
      ["@req:ATR-01", "@mqtt5"],
      [{ status: "SKIPPED" }],
      [
        [
          attachmentNames.notJudged,
          "acme is reached at a URL: the suite cannot start it with the settings this scenario needs",
        ],
      ],
    ),
  ];
  envelopes.forEach(collector.onMessage);
  const results = collector.scenarios();

  it("passes a scenario whose steps all passed, with its duration", () => {
    expect(results[0]).toEqual({
      name: "scenario 1",
      feature: "Wildcards",
      requirements: ["DIF-01"],
      mqttVersion: "3.1.1",
      status: "passed",
      reason: null,
      notes: [],
      judged: { "DIF-01": { status: "passed" } },
      durationMs: 250,
    });
  });

  it("fails a scenario with the first line of its failure as the reason", () => {
    expect(results[1]).toMatchObject({
      status: "failed",
      reason: "[RET-06] subscriber: expected no PUBLISH",
      mqttVersion: "3.1.1+5",
      judged: { "RET-06": { status: "failed" } },
    });
  });

  it("reports a skip with a reason as not applicable", () => {
    expect(results[2]).toMatchObject({
      status: "not-applicable",
      reason: "ejabberd lacks shared subscriptions",
      judged: { "SHR-01": { status: "not-applicable" } },
    });
  });

  it("fails a skip without a reason rather than hiding it", () => {
    expect(results[3]).toMatchObject({ status: "failed", reason: "skipped without a not-applicable reason" });
  });

  it("reports a missing feature the profile requires as unsupported, never failed or not applicable", () => {
    expect(results[4]).toMatchObject({
      status: "unsupported",
      reason: "rabbitmq lacks shared subscriptions, which aws-iot-core requires",
      judged: { "SHR-01": { status: "unsupported" } },
    });
  });

  it("charges a failure to the requirement of the step that failed, and judges nothing whose steps never ran", () => {
    expect(results[5].judged).toEqual({
      "M5-06": { status: "failed", reason: results[5].reason },
      "M5-04": { status: "passed" },
    });
  });

  it("charges a breach to the requirements its label names", () => {
    expect(Object.keys(results[6].judged).sort()).toEqual(["M5-10", "MQTT5-3.1.2-24"]);
  });

  it("keeps a note apart from the verdict", () => {
    expect(results[7]).toMatchObject({ status: "passed", notes: ["[RC-12] SHOULD: quiet: expected DISCONNECT 0x8D"] });
  });

  it(
    "makes one requirement of a scenario not applicable when a step of its own says so, " + "and judges the others",
    () => {
      expect(results[8]).toMatchObject({
        status: "passed",
        judged: {
          "MQTT5-3.3.4-3": { status: "passed" },
          "MQTT5-3.3.4-4": { status: "not-applicable", reason: "mosquitto sent 3 copies" },
          "MQTT5-3.3.4-5": { status: "passed" },
        },
      });
    },
  );

  it("skips a scenario the suite could not set up against the target, judging none of its requirements", () => {
    expect(results[9]).toMatchObject({
      status: "not-applicable",
      reason: "acme is reached at a URL: the suite cannot start it with the settings this scenario needs",
      judged: {},
    });
  });

  it("counts verdicts", () => {
    expect(countVerdicts(results)).toEqual({ passed: 3, failed: 4, unsupported: 1, "not-applicable": 2 });
  });
});

describe("failureReason", () => {
  it.each([
    [
      'ExpectationError: [DIF-01] sub: expected CONNACK within 3000 ms\nclient "sub" (times…):\n  +  0ms → CONNECT',
      "[DIF-01] sub: expected CONNACK within 3000 ms",
    ],
    [
      'ExpectationError: [DIF-01] sub: expected no PUBLISH on "t/sensor" within 500 ms, got:\n' +
        '    +   80ms ← PUBLISH topic="t/sensor" qos=1\nclient "sub" (…):',
      '[DIF-01] sub: expected no PUBLISH on "t/sensor" within 500 ms, got: ← PUBLISH topic="t/sensor" qos=1',
    ],
    [
      '[X-01] a: expected no P within 5 ms, got:\n  +  1ms ← P one\n  +  2ms ← P two\nclient "a"',
      "[X-01] a: expected no P within 5 ms, got: ← P one …",
    ],
    [
      "Error: function timed out, ensure the promise resolves within 20000 milliseconds",
      "function timed out, ensure the promise resolves within 20000 milliseconds",
    ],
  ])("%j → %j", (message, reason) => {
    expect(failureReason(message)).toBe(reason);
  });
});
