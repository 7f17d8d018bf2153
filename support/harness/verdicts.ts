// How a scenario's verdict other than passed or failed travels to the results. A step (or hook)
// throws one of these signals; the step wrapper (hooks.ts) turns it into an attachment whose file
// name the result collector reads:
// - NotApplicable: the broker cannot be judged here for a reason outside the profile; the reason
//   says what would make it judgeable. The scenario is skipped; thrown by a step that names one of
//   several requirements of its scenario, only that requirement is not applicable and the
//   scenario goes on judging the others.
// - Unsupported: the broker lacks a feature the profile requires. The scenario fails, and the
//   verdict counts against conformance.
// - NotJudged: the suite cannot set the scenario up against this target (a broker reached at a
//   URL cannot be started with the scenario's settings). The scenario is skipped and judges none
//   of its requirements: neither the broker's failure nor its lack.
// A note is a SHOULD the broker skipped where the profile holds it only to MUST: recorded, never
// a failure.

export const attachmentNames = {
  notApplicable: "not-applicable",
  /** One requirement of a scenario that judges several is not applicable: "ID<TAB>reason". */
  requirementNotApplicable: "requirement-not-applicable",
  notJudged: "not-judged",
  unsupported: "unsupported",
  note: "note",
} as const;

export class NotApplicable extends Error {
  constructor(readonly reason: string) {
    super(`not applicable: ${reason}`);
    this.name = "NotApplicable";
  }
}

export class Unsupported extends Error {
  constructor(readonly reason: string) {
    super(`unsupported: ${reason}`);
    this.name = "Unsupported";
  }
}

export class NotJudged extends NotApplicable {
  constructor(reason: string) {
    super(reason);
    this.message = `not judged: ${reason}`;
    this.name = "NotJudged";
  }
}
