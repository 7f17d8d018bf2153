// The project's requirement catalogue (catalogue/requirements.yaml), loaded and validated.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

export const cataloguePath = new URL("../../catalogue/requirements.yaml", import.meta.url).pathname;

const requirementSchema = z
  .object({
    id: z.string().regex(/^[A-Z0-9]+-\d{2}$/),
    versions: z.array(z.enum(["3.1.1", "5"])).min(1),
    kind: z.enum(["aws", "spec"]),
    /**
     * How binding the statement is under the oasis profile, by the OASIS keyword behind it:
     * a broker is failed only on MUST; a SHOULD or MAY it skips is a note. Under aws-iot-core
     * every requirement states what AWS IoT Core documents it does, and is judged as a MUST.
     */
    level: z.enum(["MUST", "SHOULD", "MAY"]),
    source: z.string(),
    statement: z.string().min(1),
    observe: z.string().min(1),
  })
  .strict();

const catalogueSchema = z
  .object({
    sources: z.record(z.string(), z.string()),
    groups: z.record(z.string(), z.string()),
    requirements: z.array(requirementSchema).min(1),
  })
  .strict();

export type Requirement = z.output<typeof requirementSchema>;
export type Catalogue = z.output<typeof catalogueSchema>;

export type Level = Requirement["level"];

let loaded: Catalogue | undefined;

/** The catalogue, read once per process. */
export function catalogue(): Catalogue {
  loaded ??= loadCatalogue();
  return loaded;
}

/** A requirement's level under the oasis profile; MUST for an ID the catalogue does not know. */
export function levelOf(id: string): Level {
  return catalogue().requirements.find((requirement) => requirement.id === id)?.level ?? "MUST";
}

export function groupOf(id: string): string {
  return id.slice(0, id.lastIndexOf("-"));
}

export function loadCatalogue(path = cataloguePath): Catalogue {
  const parsed = catalogueSchema.safeParse(parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    throw new Error(
      `${path}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  }
  const catalogue = parsed.data;
  const seen = new Set<string>();
  for (const requirement of catalogue.requirements) {
    if (seen.has(requirement.id)) throw new Error(`${path}: ${requirement.id} appears twice`);
    seen.add(requirement.id);
    if (!catalogue.groups[groupOf(requirement.id)])
      throw new Error(`${path}: ${requirement.id} belongs to no declared group`);
    if (!catalogue.sources[requirement.source])
      throw new Error(`${path}: ${requirement.id} cites unknown source ${requirement.source}`);
  }
  return catalogue;
}
