// Machine-readable results (reports/results.json) built from Cucumber's message stream: one entry
// per scenario with its requirements, protocol versions, verdict, reason, notes and duration, and
// the verdict of each requirement it judged. A scenario that judges several requirements charges a
// failure to the requirement of the step that failed (`Then [M5-06] …`); a requirement whose steps
// never ran is not judged by that scenario.
import type { Envelope, Pickle, TestCase, TestStepResult, Timestamp } from "@cucumber/messages";
import { requirementIdPattern } from "../catalogue/ids.ts";
import { readTags, versionLabel } from "../harness/tags.ts";
import { attachmentNames } from "../harness/verdicts.ts";

export const verdicts = ["passed", "failed", "unsupported", "not-applicable"] as const;
export type Verdict = (typeof verdicts)[number];

export interface RequirementVerdict {
  status: Verdict;
  reason?: string;
}

export interface ScenarioResult {
  name: string;
  feature: string;
  requirements: string[];
  mqttVersion: string;
  status: Verdict;
  reason: string | null;
  /** SHOULDs the broker skipped where only MUSTs count: never a failure. */
  notes: string[];
  /** The verdict of each requirement this scenario judged (a failure can name one it does not cite). */
  judged: Record<string, RequirementVerdict>;
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
  testCase: TestCase;
  startedAt?: Timestamp;
  finishedAt?: Timestamp;
  results: Map<string, TestStepResult>;
  notApplicable?: string;
  /** Requirements a step found not applicable while the scenario judged the others, with the reason. */
  requirementsNotApplicable: Map<string, string>;
  /** Set when the suite could not set the scenario up against this target: it judged nothing. */
  notJudged?: string;
  unsupported?: string;
  notes: string[];
}

const failingStatuses = new Set(["FAILED", "UNDEFINED", "AMBIGUOUS", "PENDING", "UNKNOWN"]);
const labelPattern = new RegExp(`^\\[((?:${requirementIdPattern.source})(?: (?:${requirementIdPattern.source}))*)\\]`);
const stepPrefixPattern = new RegExp(`^\\[(${requirementIdPattern.source})\\] `);

function millis(timestamp: Timestamp): number {
  return timestamp.seconds * 1000 + Math.round(timestamp.nanos / 1e6);
}

/**
 * The reason of a failure in one line: the expectation, without the packet log that follows,
 * but with the first unexpected packet when the expectation lists them ("…, got: ← PUBLISH …").
 */
export function failureReason(message: string | undefined): string {
  const lines = (message ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const first = (lines[0] ?? "").replace(/^\w*Error: /, "");
  if (!first.endsWith(":") || lines.length < 2) return first;
  const more = lines.length > 2 && !lines[2].startsWith("client ") ? " …" : "";
  return `${first} ${lines[1].replace(/^\+\s*\d+ms /, "")}${more}`;
}

/** The requirement IDs a failure message is labelled with ("[M5-06] …"), if any. */
export function labelOf(message: string): string[] | undefined {
  return labelPattern.exec(message.replace(/^\w*Error: /, ""))?.[1].split(" ");
}

/** A scenario as it finishes, with the whole message of its failure (packet log included). */
export type ScenarioListener = (scenario: ScenarioResult, failureMessage: string | undefined) => void;

/** Collects envelopes as a run emits them and turns them into scenario verdicts. */
export class ResultCollector {
  /** Scenarios the run will play, known before the first one starts. */
  planned = 0;
  private readonly features = new Map<string, string>();
  private readonly pickles = new Map<string, Pickle>();
  private readonly testCases = new Map<string, TestCase>();
  private readonly cases = new Map<string, CaseState>();

  constructor(private readonly onScenario?: ScenarioListener) {}

  readonly onMessage = (envelope: Envelope): void => {
    if (envelope.gherkinDocument?.uri)
      this.features.set(envelope.gherkinDocument.uri, envelope.gherkinDocument.feature?.name ?? "");
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) {
      this.testCases.set(envelope.testCase.id, envelope.testCase);
      this.planned++;
    }
    if (envelope.testCaseStarted) {
      const { id, testCaseId, timestamp } = envelope.testCaseStarted;
      const testCase = this.testCases.get(testCaseId);
      const pickle = this.pickles.get(testCase?.pickleId ?? "");
      // a retried case replaces the earlier attempt
      if (testCase && pickle)
        this.cases.set(id, {
          pickle,
          testCase,
          startedAt: timestamp,
          results: new Map(),
          notes: [],
          requirementsNotApplicable: new Map(),
        });
    }
    if (envelope.testStepFinished) {
      this.cases
        .get(envelope.testStepFinished.testCaseStartedId)
        ?.results.set(envelope.testStepFinished.testStepId, envelope.testStepFinished.testStepResult);
    }
    const attachment = envelope.attachment;
    if (attachment?.testCaseStartedId) {
      const state = this.cases.get(attachment.testCaseStartedId);
      if (state && attachment.fileName === attachmentNames.notApplicable) state.notApplicable = attachment.body;
      if (state && attachment.fileName === attachmentNames.requirementNotApplicable) {
        const [id, ...reason] = attachment.body.split("\t");
        state.requirementsNotApplicable.set(id, reason.join("\t"));
      }
      if (state && attachment.fileName === attachmentNames.notJudged)
        state.notApplicable = state.notJudged = attachment.body;
      if (state && attachment.fileName === attachmentNames.unsupported) state.unsupported = attachment.body;
      if (state && attachment.fileName === attachmentNames.note) state.notes.push(attachment.body);
    }
    if (envelope.testCaseFinished) {
      const state = this.cases.get(envelope.testCaseFinished.testCaseStartedId);
      if (state) state.finishedAt = envelope.testCaseFinished.timestamp;
      if (state && this.onScenario && !envelope.testCaseFinished.willBeRetried) {
        const failed = [...state.results.values()].find((result) => failingStatuses.has(result.status));
        this.onScenario(
          verdictOf(state, this.features.get(state.pickle.uri) ?? state.pickle.uri),
          failed?.message ?? failed?.exception?.message,
        );
      }
    }
  };

  scenarios(): ScenarioResult[] {
    return [...this.cases.values()].map((state) =>
      verdictOf(state, this.features.get(state.pickle.uri) ?? state.pickle.uri),
    );
  }
}

/** The steps in run order, each with the requirement its text names and its result. */
function stepsOf(state: CaseState): Array<{ requirement?: string; result?: TestStepResult; text?: string }> {
  const texts = new Map(state.pickle.steps.map((step) => [step.id, step.text]));
  return state.testCase.testSteps.map((step) => {
    const text = step.pickleStepId ? texts.get(step.pickleStepId) : undefined;
    return {
      text,
      requirement: text ? stepPrefixPattern.exec(text)?.[1] : undefined,
      result: state.results.get(step.id),
    };
  });
}

/** Per requirement: the failing one(s), those whose steps all ran before, and none for the rest. */
function judgeRequirements(
  state: CaseState,
  requirements: string[],
  status: Verdict,
  reason: string | null,
): Record<string, RequirementVerdict> {
  const judged: Record<string, RequirementVerdict> = {};
  if (status !== "failed") {
    for (const id of requirements) judged[id] = reason ? { status, reason } : { status };
    // a requirement a step found not applicable is not passed by the others' steps
    if (status === "passed")
      for (const [id, why] of state.requirementsNotApplicable)
        if (id in judged) judged[id] = { status: "not-applicable", reason: why };
    return judged;
  }
  const steps = stepsOf(state);
  const failedAt = steps.findIndex((step) => step.result && failingStatuses.has(step.result.status));
  const failed = steps[failedAt];
  const message = failed?.result?.message ?? failed?.result?.exception?.message ?? "";
  const charged = failed?.requirement ? [failed.requirement] : (labelOf(message) ?? requirements);
  for (const id of charged) judged[id] = { status: "failed", reason: reason ?? undefined };
  for (const id of requirements) {
    if (judged[id]) continue;
    const own = steps.map((step, index) => ({ ...step, index })).filter((step) => step.requirement === id);
    // judged by this scenario only if every step of its own ran, and passed, before the failure
    if (own.length > 0 && own.every((step) => step.index < failedAt)) judged[id] = { status: "passed" };
  }
  for (const [id, why] of state.requirementsNotApplicable)
    if (judged[id]?.status === "passed") judged[id] = { status: "not-applicable", reason: why };
  return judged;
}

function verdictOf(state: CaseState, feature: string): ScenarioResult {
  const tags = readTags(state.pickle.tags.map((tag) => tag.name));
  const results = stepsOf(state)
    .map((step) => step.result)
    .filter((result) => result !== undefined);
  const failed = results.find((result) => failingStatuses.has(result.status));
  const skipped = results.some((result) => result.status === "SKIPPED");
  let status: Verdict = "passed";
  let reason: string | null = null;
  if (state.unsupported) {
    status = "unsupported";
    reason = state.unsupported;
  } else if (failed) {
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
    feature,
    requirements: tags.requirements,
    mqttVersion: versionLabel(tags.versions),
    status,
    reason,
    notes: state.notes,
    judged:
      state.notJudged && status === "not-applicable"
        ? {}
        : judgeRequirements(state, tags.requirements, status, reason),
    durationMs: state.startedAt && state.finishedAt ? millis(state.finishedAt) - millis(state.startedAt) : 0,
  };
}

export function countVerdicts(scenarios: readonly ScenarioResult[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { passed: 0, failed: 0, unsupported: 0, "not-applicable": 0 };
  for (const scenario of scenarios) counts[scenario.status]++;
  return counts;
}
