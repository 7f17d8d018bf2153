// JUnit XML for CI servers (reports/junit.xml): one <testsuite> per broker × profile run, named
// after both, and one <testcase> per scenario, with the requirement IDs and the verdict as
// properties. failed → <failure>, unsupported → <failure type="unsupported">, not applicable →
// <skipped> with the reason. Errors are not used: a scenario the suite could not judge fails.
import { writeFileSync } from "node:fs";
import { countVerdicts, type RunResults, type ScenarioResult } from "./results.ts";

/** Text safe in XML: escaped, and without the control characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlText(String(value))}"`)
    .join("");

const secondsOf = (ms: number) => (ms / 1000).toFixed(3);

export function suiteName(run: RunResults): string {
  return `${run.broker} ${run.brokerVersion} · ${run.profile}`;
}

function property(name: string, value: string): string {
  return `<property${attributes({ name, value })}/>`;
}

function testcase(run: RunResults, scenario: ScenarioResult): string {
  const properties = [
    ...scenario.requirements.map((id) => property("requirement", id)),
    property("verdict", scenario.status),
    property("mqttVersion", scenario.mqttVersion),
    ...Object.entries(scenario.judged).map(([id, verdict]) => property(`verdict:${id}`, verdict.status)),
    ...scenario.notes.map((note) => property("note", note)),
  ];
  const reason = scenario.reason ?? "";
  let outcome = "";
  if (scenario.status === "failed")
    outcome = `\n      <failure${attributes({ message: reason, type: "failed" })}>${xmlText(reason)}</failure>`;
  if (scenario.status === "unsupported")
    outcome = `\n      <failure${attributes({ message: reason, type: "unsupported" })}>${xmlText(reason)}</failure>`;
  if (scenario.status === "not-applicable")
    outcome = `\n      <skipped${attributes({ message: `not applicable: ${reason}` })}/>`;
  const notes =
    scenario.notes.length > 0 ? `\n      <system-out>${xmlText(scenario.notes.join("\n"))}</system-out>` : "";
  const testcase = attributes({
    name: scenario.name,
    classname: `${run.profile}.${scenario.feature}`,
    time: secondsOf(scenario.durationMs),
  });
  return [
    `    <testcase${testcase}>`,
    `      <properties>${properties.map((line) => `\n        ${line}`).join("")}` +
      `\n      </properties>${outcome}${notes}`,
    "    </testcase>",
  ].join("\n");
}

function testsuite(run: RunResults): string {
  const counts = countVerdicts(run.scenarios);
  const header = attributes({
    name: suiteName(run),
    tests: run.scenarios.length,
    failures: counts.failed + counts.unsupported,
    errors: 0,
    skipped: counts["not-applicable"],
    time: secondsOf(run.durationMs),
    timestamp: (run.startedAt || new Date().toISOString()).replace(/\.\d+Z$/, "").replace(/Z$/, ""),
  });
  const properties = [
    property("broker", run.broker),
    property("brokerVersion", run.brokerVersion),
    property("profile", run.profile),
  ];
  return [
    `  <testsuite${header}>`,
    `    <properties>${properties.map((line) => `\n      ${line}`).join("")}\n    </properties>`,
    ...run.scenarios.map((scenario) => testcase(run, scenario)),
    "  </testsuite>",
  ].join("\n");
}

export function renderJunit(runs: readonly RunResults[]): string {
  const totals = runs.map((run) => countVerdicts(run.scenarios));
  const sum = (pick: (counts: (typeof totals)[number]) => number) =>
    totals.reduce((total, counts) => total + pick(counts), 0);
  const header = attributes({
    name: "mqtt-conformance",
    tests: runs.reduce((total, run) => total + run.scenarios.length, 0),
    failures: sum((counts) => counts.failed + counts.unsupported),
    errors: 0,
    skipped: sum((counts) => counts["not-applicable"]),
    time: secondsOf(runs.reduce((total, run) => Math.max(total, run.durationMs), 0)),
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${header}>\n` +
    `${runs.map(testsuite).join("\n")}\n</testsuites>\n`
  );
}

export function writeJunit(file: string, runs: readonly RunResults[]): void {
  writeFileSync(file, renderJunit(runs));
}
