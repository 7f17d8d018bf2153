// A conformance certificate: one broker judged against one profile, every requirement's verdict,
// and the overall verdict the profile gives:
// - conformant: every requirement that was judged passed (notes on skipped SHOULDs do not count);
// - conformant with deviations: nothing the profile requires failed or is missing, but a
//   requirement the profile holds as optional failed, or a scenario was not applicable (each with
//   its reason);
// - not conformant: a requirement the profile requires failed, or a feature it requires is
//   missing (unsupported), or nothing was judged at all.
// Under aws-iot-core every requirement is required: it states what AWS IoT Core documents it does.
// Under oasis a requirement or statement is required when its OASIS keyword is MUST (or MUST NOT).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { groupOf, type Catalogue } from "../catalogue/catalogue.ts";
import { loadStatements, type Specification } from "../catalogue/statements.ts";
import { cellFor, type CellVerdict } from "../matrix/matrix.ts";
import type { RunResults } from "../results/results.ts";

export const certificateFormat = "mqtt-conformance-certificate/1";

export const certificateVerdicts = ["conformant", "conformant with deviations", "not conformant"] as const;
export type CertificateVerdict = (typeof certificateVerdicts)[number];

export interface CertifiedRequirement {
  id: string;
  /** The catalogue group (RET, DIF, …), or OASIS for a specification statement. */
  group: string;
  statement: string;
  /** The keyword behind it: under aws-iot-core always MUST. */
  level: string;
  required: boolean;
  verdict: CellVerdict;
  /** For a failure, the observed behaviour; for unsupported and not applicable, what is missing. */
  reason?: string;
  notes?: string[];
}

export interface Certificate {
  format: typeof certificateFormat;
  verdict: CertificateVerdict;
  /** One sentence per reason for the verdict. */
  why: string[];
  broker: { name: string; version: string; description?: string };
  /** How the broker was reached: embedded, a container image, or a URL. */
  target: string;
  profile: string;
  suite: { name: string; version: string };
  catalogue: { digest: string; files: Record<string, string> };
  issuedAt: string;
  durationMs: number;
  counts: Record<CellVerdict, number> & { scenarios: number };
  requirements: CertifiedRequirement[];
}

const requiredLevels = new Set(["MUST", "MUST NOT"]);

const statementLevels = new Map<string, { level: string; statement: string }>();

/** An OASIS statement's level and text, from catalogue/oasis-3.1.1.yaml or oasis-5.0.yaml. */
function statementOf(id: string): { level: string; statement: string } | undefined {
  if (statementLevels.size === 0) {
    for (const specification of ["3.1.1", "5.0"] as Specification[]) {
      for (const entry of loadStatements(specification).statements)
        statementLevels.set(entry.id, { level: entry.level, statement: entry.statement });
    }
  }
  return statementLevels.get(id);
}

/** The SHA-256 of the catalogue: of its files' digests listed as `sha256sum *.yaml` prints them. */
export function catalogueDigest(directory: string): Certificate["catalogue"] {
  const files = Object.fromEntries(
    readdirSync(directory)
      .filter((name) => name.endsWith(".yaml"))
      .sort()
      .map((name) => [
        name,
        createHash("sha256")
          .update(readFileSync(join(directory, name)))
          .digest("hex"),
      ]),
  );
  const listing = Object.entries(files)
    .map(([name, digest]) => `${digest}  ${name}\n`)
    .join("");
  return { digest: createHash("sha256").update(listing).digest("hex"), files };
}

/** Every catalogue requirement in catalogue order, then the OASIS statements the run judged. */
export function certifiedRequirements(catalogue: Catalogue, run: RunResults): CertifiedRequirement[] {
  const underOasis = run.profile === "oasis";
  const entry = (id: string, group: string, statement: string, level: string): CertifiedRequirement => {
    const cell = cellFor(run, id);
    // a requirement whose scenarios could not be set up against this target says why
    const unset =
      cell.verdict === "not-judged"
        ? run.scenarios.find(
            (scenario) =>
              scenario.requirements.includes(id) && scenario.status === "not-applicable" && !scenario.judged[id],
          )
        : undefined;
    if (unset?.reason) cell.reason = unset.reason;
    const required = !underOasis || requiredLevels.has(level);
    return {
      id,
      group,
      statement,
      level: underOasis ? level : "MUST",
      required,
      verdict: cell.verdict,
      ...(cell.reason && cell.verdict !== "passed" ? { reason: cell.reason } : {}),
      ...(cell.notes ? { notes: cell.notes } : {}),
    };
  };
  const known = new Set(catalogue.requirements.map((requirement) => requirement.id));
  const fromCatalogue = catalogue.requirements.map((requirement) =>
    entry(requirement.id, groupOf(requirement.id), requirement.statement, requirement.level),
  );
  const statements = [...new Set(run.scenarios.flatMap((scenario) => Object.keys(scenario.judged)))]
    .filter((id) => !known.has(id))
    .sort()
    .map((id) => {
      const found = statementOf(id);
      return entry(id, "OASIS", found?.statement ?? "(not in the statement catalogues)", found?.level ?? "MUST");
    });
  return [...fromCatalogue, ...statements];
}

/** The overall verdict and a sentence for each reason behind it. */
export function judge(
  requirements: readonly CertifiedRequirement[],
  scenarios: number,
): { verdict: CertificateVerdict; why: string[] } {
  const list = (entries: readonly CertifiedRequirement[]) => entries.map((entry) => entry.id).join(", ");
  const failedRequired = requirements.filter((entry) => entry.verdict === "failed" && entry.required);
  const unsupported = requirements.filter((entry) => entry.verdict === "unsupported");
  const failedOptional = requirements.filter((entry) => entry.verdict === "failed" && !entry.required);
  const notApplicable = requirements.filter((entry) => entry.verdict === "not-applicable");
  const why: string[] = [];
  if (scenarios === 0 || !requirements.some((entry) => entry.verdict !== "not-judged"))
    why.push("No scenario judged the broker.");
  if (failedRequired.length > 0) why.push(`Required requirements failed: ${list(failedRequired)}.`);
  if (unsupported.length > 0) why.push(`The broker lacks a feature the profile requires for: ${list(unsupported)}.`);
  if (why.length > 0) return { verdict: "not conformant", why };
  if (failedOptional.length > 0) why.push(`Optional requirements (SHOULD or MAY) failed: ${list(failedOptional)}.`);
  if (notApplicable.length > 0)
    why.push(`Not applicable to this broker, each with its reason: ${list(notApplicable)}.`);
  if (why.length > 0) return { verdict: "conformant with deviations", why };
  const notJudged = requirements.filter((entry) => entry.verdict === "not-judged");
  why.push(`Every requirement judged under the profile passed (${requirements.length - notJudged.length}).`);
  const notJudgedMeans =
    "no scenario under this profile, or none the suite could set up against this broker as it was reached";
  if (notJudged.length > 0) why.push(`Not judged (${notJudgedMeans}): ${list(notJudged)}.`);
  return { verdict: "conformant", why };
}

export interface CertificateContext {
  target: string;
  description?: string;
  suiteVersion: string;
  catalogueDirectory: string;
  issuedAt?: Date;
}

export function buildCertificate(catalogue: Catalogue, run: RunResults, context: CertificateContext): Certificate {
  const requirements = certifiedRequirements(catalogue, run);
  const counts = {
    passed: 0,
    failed: 0,
    unsupported: 0,
    "not-applicable": 0,
    "not-judged": 0,
    scenarios: run.scenarios.length,
  };
  for (const entry of requirements) counts[entry.verdict]++;
  return {
    format: certificateFormat,
    ...judge(requirements, run.scenarios.length),
    broker: {
      name: run.broker,
      version: run.brokerVersion,
      ...(context.description ? { description: context.description } : {}),
    },
    target: context.target,
    profile: run.profile,
    suite: { name: "mqtt-conformance", version: context.suiteVersion },
    catalogue: catalogueDigest(context.catalogueDirectory),
    issuedAt: (context.issuedAt ?? new Date()).toISOString(),
    durationMs: run.durationMs,
    counts,
    requirements,
  };
}

/** Exit code of `certify`: 0 conformant, 3 conformant with deviations, 1 not conformant. */
export function exitCodeOf(verdict: CertificateVerdict): number {
  return verdict === "conformant" ? 0 : verdict === "conformant with deviations" ? 3 : 1;
}

/** The digest file's text, as `sha256sum certificate.json` prints it (so `sha256sum -c` checks it). */
export function digestLine(json: string, fileName: string): string {
  return `${createHash("sha256").update(json).digest("hex")}  ${fileName}\n`;
}
