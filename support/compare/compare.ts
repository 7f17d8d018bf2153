// "Moving from AWS IoT Core to broker X": every requirement where X's run under the aws-iot-core
// profile differs from AWS IoT Core (failed or unsupported), grouped by catalogue area, each as one
// plain sentence of what will change for devices (support/compare/device-changes.yaml, or one made
// from the catalogue statement), with the behaviour observed beside it. Requirements the run could
// not judge on X are listed apart as not checked.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import { groupOf, type Catalogue } from "../catalogue/catalogue.ts";
import { cellFor } from "../matrix/matrix.ts";
import type { RunResults } from "../results/results.ts";

export const deviceChangesPath = fileURLToPath(new URL("./device-changes.yaml", import.meta.url));

const sentencesSchema = z.record(
  z.string().regex(/^[A-Z][A-Z0-9]*-\d{2}$/, "a requirement ID such as RET-06"),
  z.string().min(10, "a sentence"),
);

export type DeviceChanges = Record<string, string>;

export function loadDeviceChanges(path = deviceChangesPath): DeviceChanges {
  const parsed = sentencesSchema.safeParse(parse(readFileSync(path, "utf8")));
  if (!parsed.success)
    throw new Error(
      `${path}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  return parsed.data;
}

export interface Change {
  id: string;
  verdict: "failed" | "unsupported";
  /** What will change for devices. */
  sentence: string;
  /** What the broker did (failed) or lacks (unsupported). */
  observed?: string;
}

export interface AreaChanges {
  group: string;
  title: string;
  changes: Change[];
}

export interface Comparison {
  broker: string;
  brokerVersion: string;
  areas: AreaChanges[];
  /** Not applicable on this broker: not checked, with the reason. */
  notChecked: Array<{ id: string; reason?: string }>;
  /** Requirements where the broker behaves as AWS IoT Core does. */
  same: number;
}

/** A sentence for an ID without one of its own, from the catalogue statement. */
export function fallbackSentence(statement: string): string {
  const text = statement.trim().replace(/\.$/, "");
  return (
    `Devices can no longer count on this AWS IoT Core behaviour: ${text.charAt(0).toLowerCase()}` + `${text.slice(1)}.`
  );
}

export function compareWithAws(catalogue: Catalogue, run: RunResults, sentences: DeviceChanges): Comparison {
  if (run.profile !== "aws-iot-core")
    throw new Error(`compare needs a run under the aws-iot-core profile, not ${run.profile}`);
  const areas: AreaChanges[] = [];
  const notChecked: Comparison["notChecked"] = [];
  let same = 0;
  for (const [group, title] of Object.entries(catalogue.groups)) {
    const changes: Change[] = [];
    for (const requirement of catalogue.requirements.filter((entry) => groupOf(entry.id) === group)) {
      const cell = cellFor(run, requirement.id);
      if (cell.verdict === "passed") same++;
      if (cell.verdict === "not-applicable") notChecked.push({ id: requirement.id, reason: cell.reason });
      if (cell.verdict !== "failed" && cell.verdict !== "unsupported") continue;
      changes.push({
        id: requirement.id,
        verdict: cell.verdict,
        sentence: sentences[requirement.id] ?? fallbackSentence(requirement.statement),
        ...(cell.reason ? { observed: cell.reason } : {}),
      });
    }
    if (changes.length > 0) areas.push({ group, title, changes });
  }
  return { broker: run.broker, brokerVersion: run.brokerVersion, areas, notChecked, same };
}

const count = (comparison: Comparison) => comparison.areas.reduce((sum, area) => sum + area.changes.length, 0);

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, "\\$1").replace(/\n/g, " ");
}

export function renderComparisonMarkdown(comparison: Comparison): string {
  const name = `${comparison.broker} ${comparison.brokerVersion}`;
  const lines = [
    `# Moving from AWS IoT Core to ${name}`,
    "",
    count(comparison) === 0
      ? `${name} behaved as AWS IoT Core does on every requirement the suite judged (${comparison.same}).`
      : `${count(comparison)} behaviour(s) will change for devices; ` +
        `${comparison.same} requirement(s) behave as on AWS IoT Core.`,
  ];
  for (const area of comparison.areas) {
    lines.push("", `## ${area.title} (${area.group})`, "");
    for (const change of area.changes) {
      const observed = change.observed
        ? ` _${change.verdict === "unsupported" ? "Missing" : "Observed"}: ${escapeMarkdown(change.observed)}_`
        : "";
      lines.push(`- **${change.id}** ${escapeMarkdown(change.sentence)}${observed}`);
    }
  }
  if (comparison.notChecked.length > 0) {
    lines.push(
      "",
      "## Not checked",
      "",
      `Not applicable to ${name}, so the suite could not tell whether these change:`,
      "",
    );
    for (const entry of comparison.notChecked)
      lines.push(`- **${entry.id}**${entry.reason ? ` ${escapeMarkdown(entry.reason)}` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function renderComparisonHtml(comparison: Comparison, generatedAt = new Date()): string {
  const name = `${comparison.broker} ${comparison.brokerVersion}`;
  const areas = comparison.areas
    .map((area) => {
      const items = area.changes
        .map((change) => {
          const observed = change.observed
            ? `<div class="observed ${change.verdict}">` +
              `${change.verdict === "unsupported" ? "Missing" : "Observed"}: ${escapeHtml(change.observed)}</div>`
            : "";
          return `<li><b>${escapeHtml(change.id)}</b> ${escapeHtml(change.sentence)}${observed}</li>`;
        })
        .join("\n");
      return `<h2>${escapeHtml(area.title)} <small>(${escapeHtml(area.group)})</small></h2>\n<ul>\n${items}\n</ul>`;
    })
    .join("\n");
  const unchecked = comparison.notChecked
    .map((entry) => `<li><b>${escapeHtml(entry.id)}</b> ${escapeHtml(entry.reason ?? "")}</li>`)
    .join("\n");
  const notChecked =
    comparison.notChecked.length === 0
      ? ""
      : `<h2>Not checked</h2>\n<p>Not applicable to ${escapeHtml(name)}, ` +
        `so the suite could not tell whether these change:</p>\n<ul>\n${unchecked}\n</ul>`;
  const summary =
    count(comparison) === 0
      ? `${escapeHtml(name)} behaved as AWS IoT Core does on every requirement the suite judged (${comparison.same}).`
      : `${count(comparison)} behaviour(s) will change for devices; ` +
        `${comparison.same} requirement(s) behave as on AWS IoT Core.`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Moving from AWS IoT Core to ${escapeHtml(name)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
li { margin: 0.4rem 0; } .observed { font-size: 0.8rem; color: #555; } .observed.unsupported { color: #8a5300; }
h2 small { color: #777; font-weight: normal; }
</style></head><body>
<h1>Moving from AWS IoT Core to ${escapeHtml(name)}</h1>
<p>${summary} Generated ${escapeHtml(generatedAt.toISOString())} from a run under the aws-iot-core profile.</p>
${areas}
${notChecked}
</body></html>
`;
}
