// `mqtt-conformance compare`: what changes for devices moving from AWS IoT Core to a broker, from
// a run under the aws-iot-core profile (`--broker X` runs it now; `--from matrix.json` reads an
// earlier one), as reports/compare-<broker>.md and .html.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadCatalogue } from "../support/catalogue/catalogue.ts";
import {
  compareWithAws,
  loadDeviceChanges,
  renderComparisonHtml,
  renderComparisonMarkdown,
} from "../support/compare/compare.ts";
import type { RunResults } from "../support/results/results.ts";
import type { TargetChoice } from "../support/targets/start.ts";
import { readRuns } from "./matrix-command.ts";
import { relativePath, runCommand } from "./run-command.ts";

export interface CompareOptions extends Partial<TargetChoice> {
  /** A matrix.json or results.json to read instead of running. */
  from?: string;
  parallel: number;
  reportsDir: string;
}

/** The broker's aws-iot-core run in a file of runs; which broker, if the file holds several. */
export function pickRun(runs: readonly RunResults[], broker: string | undefined, source: string): RunResults {
  const candidates = runs.filter(
    (run) => run.profile === "aws-iot-core" && (broker === undefined || run.broker === broker),
  );
  const brokers = [...new Set(runs.filter((run) => run.profile === "aws-iot-core").map((run) => run.broker))];
  if (candidates.length === 0)
    throw new Error(
      `${source} holds no aws-iot-core run${broker ? ` of ${broker}` : ""}; it has ${brokers.join(", ") || "none"}`,
    );
  if (candidates.length > 1)
    throw new Error(`${source} holds aws-iot-core runs of ${brokers.join(", ")}: choose one with --broker`);
  return candidates[0];
}

export async function compareCommand(options: CompareOptions): Promise<number> {
  mkdirSync(options.reportsDir, { recursive: true });
  const run = options.from
    ? pickRun(readRuns(options.from), options.broker, options.from)
    : (
        await runCommand({
          ...(options as TargetChoice),
          broker: options.broker ?? "reference",
          profiles: ["aws-iot-core"],
          parallel: options.parallel,
          reportsDir: options.reportsDir,
        })
      )[0];
  const comparison = compareWithAws(loadCatalogue(), run, loadDeviceChanges());
  const markdown = renderComparisonMarkdown(comparison);
  const files = {
    markdown: join(options.reportsDir, `compare-${run.broker}.md`),
    html: join(options.reportsDir, `compare-${run.broker}.html`),
  };
  writeFileSync(files.markdown, markdown);
  writeFileSync(files.html, renderComparisonHtml(comparison));
  process.stdout.write(`\n${markdown}\n`);
  process.stdout.write(`comparison: ${relativePath(files.html)}, ${relativePath(files.markdown)}\n`);
  return 0;
}
