// Every scenario of features/, with its tags, read with Cucumber's own Gherkin compiler so
// Examples tags and Scenario Outlines are counted exactly as a run sees them.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from "@cucumber/gherkin";
import { IdGenerator } from "@cucumber/messages";
import { readTags, type ScenarioTags } from "../harness/tags.ts";

export const featuresDirectory = new URL("../../features/", import.meta.url).pathname;

export interface ScenarioStep {
  text: string;
  /** The line's node in the feature file: one per line, whatever the Examples rows. */
  astNodeId: string;
  /** Then (and the And after it) is an outcome, When an action, Given a context. */
  type: string;
}

export interface ScenarioEntry extends ScenarioTags {
  name: string;
  uri: string;
  line: number;
  tagNames: string[];
  steps: ScenarioStep[];
}

function featureFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return featureFiles(path);
    return entry.name.endsWith(".feature") ? [path] : [];
  });
}

export function loadScenarios(directory = featuresDirectory): ScenarioEntry[] {
  const newId = IdGenerator.uuid();
  return featureFiles(directory).flatMap((path) => {
    const uri = relative(join(directory, ".."), path);
    const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
    const document = parser.parse(readFileSync(path, "utf8"));
    const lines = new Map<string, number>();
    for (const child of document.feature?.children ?? [])
      if (child.scenario) lines.set(child.scenario.id, child.scenario.location.line);
    return compile(document, uri, newId).map((pickle) => {
      const tagNames = pickle.tags.map((tag) => tag.name);
      const steps = pickle.steps.map((step) => ({
        text: step.text,
        astNodeId: step.astNodeIds[0],
        type: step.type ?? "Unknown",
      }));
      return {
        name: pickle.name,
        uri,
        line: lines.get(pickle.astNodeIds[0]) ?? 0,
        tagNames,
        steps,
        ...readTags(tagNames),
      };
    });
  });
}
