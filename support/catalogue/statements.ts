// The OASIS statement catalogues (catalogue/oasis-3.1.1.yaml, catalogue/oasis-5.0.yaml), loaded and
// checked. A bad file fails with sentences that name the file, the statement and what is wrong.
// Kept apart from catalogue.ts: it reads requirements.yaml only for the IDs and source keys it cites.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

export type Specification = "3.1.1" | "5.0";

const catalogueDirectory = new URL("../../catalogue/", import.meta.url).pathname;

export const statementsPaths: Record<Specification, string> = {
  "3.1.1": `${catalogueDirectory}oasis-3.1.1.yaml`,
  "5.0": `${catalogueDirectory}oasis-5.0.yaml`,
};

const requirementsPath = `${catalogueDirectory}requirements.yaml`;

/** 3.1.1 keeps the official IDs; 5.0 prefixes them with MQTT5- because the numbers repeat across versions. */
const conventions: Record<Specification, { prefix: string; pattern: RegExp; example: string }> = {
  "3.1.1": { prefix: "MQTT-", pattern: /^MQTT-\d+\.\d+\.\d+-\d+$/, example: "MQTT-3.1.2-24" },
  "5.0": { prefix: "MQTT5-", pattern: /^MQTT5-\d+\.\d+(?:\.\d+)?-\d+$/, example: "MQTT5-3.1.2-24" },
};

export const levels = ["MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY", "none"] as const;

const text = z.string().trim().min(1, "is empty");

const statementSchema = z
  .object({
    id: z.string(),
    section: z.string().regex(/^\d+(?:\.\d+)*$/, 'is not a section number such as "3.1.2.10"'),
    title: text,
    appliesTo: z.enum(["server", "client", "both"]),
    level: z.enum(levels),
    observable: z.enum(["yes", "partly", "no"]),
    statement: text,
    observe: text.optional(),
    notObservable: text.optional(),
    optionalFeature: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "is not a kebab-case feature name")
      .optional(),
    aws: z
      .object({
        requirements: z.array(z.string()).min(1, "lists no requirement"),
        effect: z.enum(["overrides", "narrows"]),
      })
      .strict()
      .optional(),
  })
  .strict();

const fileSchema = z
  .object({
    specification: z.enum(["3.1.1", "5.0"]),
    source: z.string(),
    chapters: z.record(z.string().regex(/^\d+$/, "is not a chapter number"), text),
    statements: z.array(statementSchema).min(1, "holds no statement"),
  })
  .strict();

const requirementsSchema = z.object({
  sources: z.record(z.string(), z.unknown()),
  requirements: z.array(z.object({ id: z.string() })),
});

export type Statement = z.output<typeof statementSchema>;
export type StatementCatalogue = z.output<typeof fileSchema>;

export interface LoadOptions {
  /** The statements file; defaults to the catalogue's file for the specification. */
  path?: string;
  /** The requirement catalogue whose IDs and source keys the file may cite. */
  requirementsPath?: string;
}

/** The section an ID's number points to: MQTT-3.1.0-1 → "3.1", MQTT-6.0.0-2 → "6", MQTT5-4.2-1 → "4.2". */
function sectionOfId(id: string, prefix: string): string {
  const numbers = id.slice(prefix.length).replace(/-\d+$/, "").split(".");
  while (numbers.length > 1 && numbers[numbers.length - 1] === "0") numbers.pop();
  return numbers.join(".");
}

/** One zod issue as a sentence: "MQTT-3.1.2-24: level must be one of ...", "chapters is missing". */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  let message = issue.message;
  if (issue.code === "invalid_type" && /received undefined$/.test(message)) message = "is missing";
  else if (issue.code === "invalid_value" && "values" in issue) message = `must be one of ${issue.values.join(", ")}`;
  else if (issue.code === "unrecognized_keys")
    message = `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
  else message = message.charAt(0).toLowerCase() + message.slice(1);
  const [first, index, ...rest] = issue.path;
  if (first === "statements" && typeof index === "number") {
    const entry = (data as { statements?: { id?: unknown }[] }).statements?.[index];
    const label = typeof entry?.id === "string" ? entry.id : `statement ${index + 1}`;
    return `${label}: ${rest.length > 0 ? rest.join(".") : "the entry"} ${message}`;
  }
  return `${issue.path.length > 0 ? issue.path.join(".") : "the file"} ${message}`;
}

function readYaml(path: string): unknown {
  try {
    return parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${basename(path)}: cannot be read: ${(error as Error).message}`);
  }
}

/** The checks that need the whole file, or requirements.yaml, rather than one entry at a time. */
function problemsOf(catalogue: StatementCatalogue, specification: Specification, requirementsFile: string): string[] {
  const requirements = requirementsSchema.parse(readYaml(requirementsFile));
  const requirementIds = new Set(requirements.requirements.map((requirement) => requirement.id));
  const { prefix, pattern, example } = conventions[specification];
  const problems: string[] = [];
  if (catalogue.specification !== specification) {
    problems.push(`the file says specification "${catalogue.specification}", but it was loaded as ${specification}`);
  }
  if (!(catalogue.source in requirements.sources)) {
    problems.push(`source "${catalogue.source}" is not a source of ${basename(requirementsFile)}`);
  }
  const seen = new Set<string>();
  for (const statement of catalogue.statements) {
    const { id } = statement;
    if (seen.has(id)) problems.push(`${id} appears more than once`);
    seen.add(id);
    if (!pattern.test(id)) {
      problems.push(`${id} does not follow the ${specification} ID convention (${example})`);
    } else {
      const pointsTo = sectionOfId(id, prefix);
      if (statement.section !== pointsTo && !statement.section.startsWith(`${pointsTo}.`)) {
        problems.push(
          `${id} is placed in section ${statement.section}, which its number (section ${pointsTo}) does not lead to`,
        );
      }
    }
    const chapter = statement.section.split(".")[0];
    if (!(chapter in catalogue.chapters)) {
      problems.push(`${id} is in section ${statement.section}, but chapter ${chapter} is not declared under chapters`);
    }
    if (statement.observable === "no") {
      if (!statement.notObservable)
        problems.push(`${id} is not observable but says nothing under notObservable about why`);
      if (statement.observe) problems.push(`${id} is not observable yet has an observe text`);
    } else {
      if (!statement.observe)
        problems.push(`${id} is observable (${statement.observable}) but has no observe text saying how`);
      if (statement.notObservable)
        problems.push(`${id} is observable (${statement.observable}) yet has a notObservable text`);
      if (statement.observable === "partly" && statement.observe && !/\bUnobserved: \S/.test(statement.observe)) {
        problems.push(`${id} is partly observable, so its observe text must end by saying "Unobserved: ..."`);
      }
    }
    for (const requirement of statement.aws?.requirements ?? []) {
      if (!requirementIds.has(requirement)) {
        problems.push(`${id} cites ${requirement}, which is not in ${basename(requirementsFile)}`);
      }
    }
  }
  return problems;
}

export function loadStatements(specification: Specification, options: LoadOptions = {}): StatementCatalogue {
  const path = options.path ?? statementsPaths[specification];
  const data = readYaml(path);
  const parsed = fileSchema.safeParse(data);
  const problems = parsed.success
    ? problemsOf(parsed.data, specification, options.requirementsPath ?? requirementsPath)
    : parsed.error.issues.map((issue) => describeIssue(issue, data));
  if (problems.length > 0) {
    throw new Error(`${basename(path)} is not a valid statement catalogue:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data as StatementCatalogue;
}
