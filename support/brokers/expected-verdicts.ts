// Expected verdicts (brokers/<name>/expected-verdicts.yaml): the requirement IDs a broker is
// known to fail under each profile, each with the behaviour observed. Actual must equal expected:
// a new failure fails the check, and so does a listed ID that now passes, so the list can only
// shrink when the broker improves.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import type { RunResults } from "../results/results.ts";
import { profileNames } from "../targets/target.ts";
import { brokersDirectory } from "./descriptor.ts";

const deviationsSchema = z.record(z.string().regex(/^[A-Z0-9]+-\d{2}$/, "a requirement ID such as RET-06"), z.string().min(10, "a reason that states the observed behaviour"));

export const expectedVerdictsSchema = z
  .object(Object.fromEntries(profileNames.map((profile) => [profile, deviationsSchema.default({})])) as Record<(typeof profileNames)[number], z.ZodDefault<typeof deviationsSchema>>)
  .strict();

export type ExpectedVerdicts = z.output<typeof expectedVerdictsSchema>;

export function expectedVerdictsPath(broker: string): string {
  return join(brokersDirectory, broker, "expected-verdicts.yaml");
}

export function loadExpectedVerdicts(broker: string): ExpectedVerdicts {
  const path = expectedVerdictsPath(broker);
  if (!existsSync(path)) throw new Error(`${broker} has no expected verdicts: create ${path} (an empty list per profile for a broker that passes everything)`);
  const parsed = expectedVerdictsSchema.safeParse(parse(readFileSync(path, "utf8")) ?? {});
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  return parsed.data;
}

/** IDs with at least one failed scenario in a run. */
export function failedRequirements(run: RunResults): Map<string, string> {
  const failed = new Map<string, string>();
  for (const scenario of run.scenarios) {
    if (scenario.status !== "failed") continue;
    for (const id of scenario.requirements) if (!failed.has(id)) failed.set(id, scenario.reason ?? "");
  }
  return failed;
}

export interface VerdictDifference {
  /** Failed but not listed: a new deviation, or a regression of the suite. */
  unexpectedFailures: Array<{ id: string; reason: string }>;
  /** Listed but not failed: the broker improved (or the scenario no longer runs); remove the entry. */
  noLongerFailing: string[];
}

export function compareVerdicts(run: RunResults, expected: ExpectedVerdicts): VerdictDifference {
  const listed = expected[run.profile as keyof ExpectedVerdicts] ?? {};
  const failed = failedRequirements(run);
  return {
    unexpectedFailures: [...failed].filter(([id]) => !(id in listed)).map(([id, reason]) => ({ id, reason })),
    noLongerFailing: Object.keys(listed).filter((id) => !failed.has(id)),
  };
}

export function describeDifference(run: RunResults, difference: VerdictDifference): string[] {
  return [
    ...difference.unexpectedFailures.map(({ id, reason }) => `${run.broker} · ${run.profile}: ${id} failed and is not an expected verdict: ${reason}`),
    ...difference.noLongerFailing.map((id) => `${run.broker} · ${run.profile}: ${id} is listed as failing but did not fail: remove it from ${expectedVerdictsPath(run.broker)}`),
  ];
}
