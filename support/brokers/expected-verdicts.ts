// Expected verdicts (brokers/<name>/expected-verdicts.yaml): the requirement IDs a broker is known
// to fail under each profile, each with the behaviour observed, and those it is known to lack a
// required feature for. Actual must equal expected: a new failure fails the check, and so does a
// listed ID that now passes, so the list can only shrink when the broker improves. An ID whose
// verdict differs between runs of the same broker (a race inside it) is listed as `unstable`,
// with what it does sometimes: the matrix still shows each run's verdict, the check leaves it out.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { z } from "zod";
import { cellFor } from "../matrix/matrix.ts";
import type { RunResults } from "../results/results.ts";
import { profileNames } from "../targets/target.ts";
import { brokersDirectory } from "./descriptor.ts";

const idPattern = /^(?:[A-Z][A-Z0-9]*-\d{2}|MQTT5?-\d+(?:\.\d+)*-\d+)$/;
const deviationsSchema = z.record(
  z.string().regex(idPattern, "a requirement ID such as RET-06 or MQTT-3.1.2-24"),
  z.string().min(10, "a reason that states the observed behaviour"),
);

/**
 * Per profile: what the broker fails (with what it did), what it lacks (with the feature), and
 * what it does only in some runs (with what it does then).
 */
const profileVerdictsSchema = z
  .object({
    failed: deviationsSchema.default({}),
    unsupported: deviationsSchema.default({}),
    unstable: deviationsSchema.default({}),
  })
  .strict()
  .prefault({});

export const expectedVerdictsSchema = z
  .object(
    Object.fromEntries(profileNames.map((profile) => [profile, profileVerdictsSchema])) as Record<
      (typeof profileNames)[number],
      typeof profileVerdictsSchema
    >,
  )
  .strict();

export type ExpectedVerdicts = z.output<typeof expectedVerdictsSchema>;
export type ListedVerdict = "failed" | "unsupported";

export function expectedVerdictsPath(broker: string): string {
  return join(brokersDirectory, broker, "expected-verdicts.yaml");
}

export function loadExpectedVerdicts(broker: string): ExpectedVerdicts {
  const path = expectedVerdictsPath(broker);
  if (!existsSync(path))
    throw new Error(
      `${broker} has no expected verdicts: ` +
        `create ${path} (empty lists per profile for a broker that passes everything)`,
    );
  const parsed = expectedVerdictsSchema.safeParse(parse(readFileSync(path, "utf8")) ?? {});
  if (!parsed.success)
    throw new Error(
      `${path}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  return parsed.data;
}

/** Requirements whose matrix cell in a run is failed or unsupported, with the reason. */
export function listedVerdictsOf(run: RunResults): Record<ListedVerdict, Map<string, string>> {
  const found = { failed: new Map<string, string>(), unsupported: new Map<string, string>() };
  const ids = new Set(run.scenarios.flatMap((scenario) => Object.keys(scenario.judged)));
  for (const id of ids) {
    const cell = cellFor(run, id);
    if (cell.verdict === "failed" || cell.verdict === "unsupported") found[cell.verdict].set(id, cell.reason ?? "");
  }
  return found;
}

export interface VerdictDifference {
  /** Failed or unsupported but not listed so: a new deviation, or a regression of the suite. */
  unexpected: Array<{ id: string; verdict: ListedVerdict; reason: string }>;
  /** Listed but not found so: the broker improved (or the scenario no longer runs); remove the entry. */
  noLonger: Array<{ id: string; verdict: ListedVerdict }>;
}

export function compareVerdicts(run: RunResults, expected: ExpectedVerdicts): VerdictDifference {
  const listed = expected[run.profile as keyof ExpectedVerdicts] ?? { failed: {}, unsupported: {}, unstable: {} };
  const actual = listedVerdictsOf(run);
  const difference: VerdictDifference = { unexpected: [], noLonger: [] };
  for (const verdict of ["failed", "unsupported"] as const) {
    for (const [id, reason] of actual[verdict])
      if (!(id in listed[verdict]) && !(id in listed.unstable)) difference.unexpected.push({ id, verdict, reason });
    for (const id of Object.keys(listed[verdict]))
      if (!actual[verdict].has(id)) difference.noLonger.push({ id, verdict });
  }
  return difference;
}

export function describeDifference(run: RunResults, difference: VerdictDifference): string[] {
  return [
    ...difference.unexpected.map(
      ({ id, verdict, reason }) => `${run.broker} · ${run.profile}: ${id} is ${verdict} and not listed so: ${reason}`,
    ),
    ...difference.noLonger.map(
      ({ id, verdict }) =>
        `${run.broker} · ${run.profile}: ${id} is listed as ${verdict} but was not: ` +
        `update ${expectedVerdictsPath(run.broker)}`,
    ),
  ];
}

/** What one broker column of a matrix found under one profile: IDs failed or unsupported, with the reason. */
export interface ObservedVerdicts {
  profile: keyof ExpectedVerdicts;
  found: Record<ListedVerdict, Map<string, string>>;
}

/** A reason as the expected-verdicts file keeps it: one line, the requirement label and client prefix dropped. */
function observedReason(reason: string): string {
  const text = reason
    .replace(/^\[[^\]]+\]\s*/, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length >= 10 ? text : `observed: ${text || "the scenario failed without a message"}`;
}

/**
 * The expected verdicts after a matrix run: what it observed, keeping the hand-written reason of
 * every ID that is still failed (or unsupported), dropping IDs no longer so, adding new ones with
 * the behaviour the run observed. Profiles the run did not cover keep their lists.
 */
export function recordedVerdicts(
  previous: ExpectedVerdicts,
  observed: readonly ObservedVerdicts[],
): { verdicts: ExpectedVerdicts; added: string[]; removed: string[] } {
  const verdicts = structuredClone(previous);
  const added: string[] = [];
  const removed: string[] = [];
  for (const { profile, found } of observed) {
    for (const verdict of ["failed", "unsupported"] as const) {
      const before = previous[profile][verdict];
      const after: Record<string, string> = {};
      const unstable = previous[profile].unstable;
      const sorted = [...found[verdict]].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
      for (const [id, reason] of sorted.filter(([id]) => !(id in unstable))) {
        after[id] = before[id] ?? observedReason(reason);
        if (!(id in before)) added.push(`${profile} ${verdict} ${id}`);
      }
      for (const id of Object.keys(before)) if (!(id in after)) removed.push(`${profile} ${verdict} ${id}`);
      verdicts[profile][verdict] = after;
    }
  }
  return { verdicts, added, removed };
}

/** The file's text: its leading comment kept, then each profile's lists. */
export function expectedVerdictsText(previousText: string, verdicts: ExpectedVerdicts): string {
  const header = previousText
    .split("\n")
    .filter(
      (line, index, lines) => line.startsWith("#") && lines.slice(0, index).every((before) => before.startsWith("#")),
    );
  // an empty `unstable` list is left out: most brokers have none
  const written = Object.fromEntries(
    Object.entries(verdicts).map(([profile, { unstable, ...lists }]) => [
      profile,
      Object.keys(unstable).length > 0 ? { ...lists, unstable } : lists,
    ]),
  );
  return `${header.join("\n")}${header.length > 0 ? "\n" : ""}${stringify(written, { lineWidth: 0 })}`;
}
