// Machine-readable results (reports/results.json) built from Cucumber's message stream: one
// entry per scenario with its requirements, protocol versions, verdict, reason and duration.
import type { Envelope, Pickle, TestStepResult, Timestamp } from "@cucumber/messages";
import { notApplicableAttachment } from "../harness/not-applicable.ts";
import { readTags, versionLabel } from "../harness/tags.ts";

export type Verdict = "passed" | "failed" | "not-applicable";

export interface ScenarioResult {
  name: string;
  feature: string;
  requirements: string[];
  mqttVersion: string;
  status: Verdict;
  reason: string | null;
  durationMs: number;
}

export interface RunResults {
  broker: string;
  brokerVersion: string;
  profile: string;
  startedAt: string;
  durationMs: number;
  scenarios: ScenarioResult[];
}

interface CaseState {
  pickle: Pickle;
  startedAt?: Timestamp;
  finishedAt?: Timestamp;
  steps: TestStepResult[];
  notApplicable?: string;
}

const failingStatuses = new Set(["FAILED", "UNDEFINED", "AMBIGUOUS", "PENDING", "UNKNOWN"]);

function millis(timestamp: Timestamp): number {
  return timestamp.seconds * 1000 + Math.round(timestamp.nanos / 1e6);
}

/**
 * The reason of a failure in one line: the expectation, without the packet log that follows,
 * but with the first unexpected packet when the expectation lists them ("…, got: ← PUBLISH …").
 */
export function failureReason(message: string | undefined): string {
  const lines = (message ?? "").split("\n").map((line) => line.trim()).filter((line) => line.length > 0);
  const first = (lines[0] ?? "").replace(/^\w*Error: /, "");
  if (!first.endsWith(":") || lines.length < 2) return first;
  const more = lines.length > 2 && !lines[2].startsWith("client ") ? " …" : "";
  return `${first} ${lines[1].replace(/^\+\s*\d+ms /, "")}${more}`;
}

/** Collects envelopes as a run emits them and turns them into scenario verdicts. */
export class ResultCollector {
  private readonly features = new Map<string, string>();
  private readonly pickles = new Map<string, Pickle>();
  private readonly pickleOfTestCase = new Map<string, string>();
  private readonly cases = new Map<string, CaseState>();

  readonly onMessage = (envelope: Envelope): void => {
    if (envelope.gherkinDocument?.uri) this.features.set(envelope.gherkinDocument.uri, envelope.gherkinDocument.feature?.name ?? "");
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) this.pickleOfTestCase.set(envelope.testCase.id, envelope.testCase.pickleId);
    if (envelope.testCaseStarted) {
      const { id, testCaseId, timestamp } = envelope.testCaseStarted;
      const pickle = this.pickles.get(this.pickleOfTestCase.get(testCaseId) ?? "");
      if (pickle) this.cases.set(id, { pickle, startedAt: timestamp, steps: [] });
    }
    if (envelope.testStepFinished) {
      this.cases.get(envelope.testStepFinished.testCaseStartedId)?.steps.push(envelope.testStepFinished.testStepResult);
    }
    if (envelope.attachment?.fileName === notApplicableAttachment && envelope.attachment.testCaseStartedId) {
      const state = this.cases.get(envelope.attachment.testCaseStartedId);
      if (state) state.notApplicable = envelope.attachment.body;
    }
    if (envelope.testCaseFinished) {
      const state = this.cases.get(envelope.testCaseFinished.testCaseStartedId);
      if (state) state.finishedAt = envelope.testCaseFinished.timestamp;
    }
  };

  scenarios(): ScenarioResult[] {
    return [...this.cases.values()].map((state) => this.verdictOf(state));
  }

  private verdictOf(state: CaseState): ScenarioResult {
    const tags = readTags(state.pickle.tags.map((tag) => tag.name));
    const failed = state.steps.find((step) => failingStatuses.has(step.status));
    const skipped = state.steps.some((step) => step.status === "SKIPPED");
    let status: Verdict = "passed";
    let reason: string | null = null;
    if (failed) {
      status = "failed";
      reason = failureReason(failed.message ?? failed.exception?.message) || `step ${failed.status.toLowerCase()}`;
    } else if (skipped) {
      // a skip is a verdict only with its reason; a bare skip would hide a scenario, so it fails
      status = state.notApplicable ? "not-applicable" : "failed";
      reason = state.notApplicable ?? "skipped without a not-applicable reason";
    } else if (!state.finishedAt) {
      status = "failed";
      reason = "the scenario did not finish";
    }
    return {
      name: state.pickle.name,
      feature: this.features.get(state.pickle.uri) ?? state.pickle.uri,
      requirements: tags.requirements,
      mqttVersion: versionLabel(tags.versions),
      status,
      reason,
      durationMs: state.startedAt && state.finishedAt ? millis(state.finishedAt) - millis(state.startedAt) : 0,
    };
  }
}

export function countVerdicts(scenarios: readonly ScenarioResult[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { passed: 0, failed: 0, "not-applicable": 0 };
  for (const scenario of scenarios) counts[scenario.status]++;
  return counts;
}
