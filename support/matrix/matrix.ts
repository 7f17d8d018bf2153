// The conformance matrix: requirement IDs (rows, grouped by catalogue group, with their statement)
// against broker runs (columns), each cell the verdict of that requirement in that run.
import { groupOf, type Catalogue } from "../catalogue/catalogue.ts";
import type { RunResults } from "../results/results.ts";

export type CellVerdict = "passed" | "failed" | "unsupported" | "not-applicable" | "not-judged";

export interface MatrixCell {
  verdict: CellVerdict;
  /** Why it failed, is unsupported or not applicable; for not-judged, why no scenario judged it. */
  reason?: string;
  /** SHOULDs the broker skipped (under oasis): shown with a passed verdict, never a failure. */
  notes?: string[];
}

export interface MatrixColumn {
  broker: string;
  brokerVersion: string;
  profile: string;
}

export interface MatrixRow {
  id: string;
  statement: string;
  cells: MatrixCell[];
}

export interface MatrixGroup {
  group: string;
  title: string;
  rows: MatrixRow[];
}

export interface Matrix {
  columns: MatrixColumn[];
  groups: MatrixGroup[];
}

/** Strongest first: one failure fails a requirement, then a missing feature, then a pass. */
const precedence: CellVerdict[] = ["failed", "unsupported", "passed", "not-applicable"];

/**
 * A requirement's verdict in one run, from every scenario that judged it (a scenario that failed
 * on another requirement's step before reaching this one's did not judge it).
 */
export function cellFor(run: RunResults, id: string): MatrixCell {
  const judged = run.scenarios.flatMap((scenario) =>
    scenario.judged[id] ? [{ scenario, verdict: scenario.judged[id] }] : [],
  );
  if (judged.length === 0) return { verdict: "not-judged", reason: `no scenario judged ${id} under ${run.profile}` };
  const verdict =
    precedence.find((status) => judged.some((entry) => entry.verdict.status === status)) ?? "not-applicable";
  const chosen = judged.find((entry) => entry.verdict.status === verdict)!;
  const notes = judged.flatMap((entry) =>
    entry.scenario.notes.filter((note) => note.startsWith(`[${id}`) || entry.scenario.requirements.length === 1),
  );
  return {
    verdict,
    ...(chosen.verdict.reason ? { reason: chosen.verdict.reason } : {}),
    ...(verdict === "passed" && notes.length > 0 ? { notes } : {}),
  };
}

export function buildMatrix(catalogue: Catalogue, runs: readonly RunResults[]): Matrix {
  return {
    columns: runs.map((run) => ({ broker: run.broker, brokerVersion: run.brokerVersion, profile: run.profile })),
    groups: Object.entries(catalogue.groups).map(([group, title]) => ({
      group,
      title,
      rows: catalogue.requirements
        .filter((requirement) => groupOf(requirement.id) === group)
        .map((requirement) => ({
          id: requirement.id,
          statement: requirement.statement,
          cells: runs.map((run) => cellFor(run, requirement.id)),
        })),
    })),
  };
}

const symbols: Record<CellVerdict, string> = {
  passed: "✅ passed",
  failed: "❌ failed",
  unsupported: "⛔ unsupported",
  "not-applicable": "➖ n/a",
  "not-judged": "· not judged",
};

/** What a cell says besides its verdict: the reason, or the notes of a pass. */
function detail(cell: MatrixCell): string | undefined {
  if (cell.verdict === "passed") return cell.notes?.length ? `note: ${cell.notes.join("; ")}` : undefined;
  return cell.reason;
}

function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function renderMarkdown(matrix: Matrix): string {
  const columns = matrix.columns.map((column) => `${column.broker} ${column.brokerVersion} (${column.profile})`);
  const header = `| ID | requirement | ${columns.join(" | ")} |`;
  const rule = `|---|---|${matrix.columns.map(() => "---").join("|")}|`;
  const sections = matrix.groups.map((group) => {
    const rows = group.rows.map((row) => {
      const cells = row.cells.map((cell) =>
        escapeMarkdown(detail(cell) ? `${symbols[cell.verdict]}: ${detail(cell)}` : symbols[cell.verdict]),
      );
      return `| ${row.id} | ${escapeMarkdown(row.statement)} | ${cells.join(" | ")} |`;
    });
    return [`## ${group.group} — ${group.title}`, "", header, rule, ...rows].join("\n");
  });
  return `${[`# Conformance matrix`, totalsMarkdown(matrix), ...sections].join("\n\n")}\n`;
}

/** Per column: how many requirements passed, failed, were not applicable. */
export function columnTotals(matrix: Matrix): Array<Record<CellVerdict, number>> {
  return matrix.columns.map((_, index) => {
    const totals: Record<CellVerdict, number> = {
      passed: 0,
      failed: 0,
      unsupported: 0,
      "not-applicable": 0,
      "not-judged": 0,
    };
    for (const group of matrix.groups) for (const row of group.rows) totals[row.cells[index].verdict]++;
    return totals;
  });
}

function totalsMarkdown(matrix: Matrix): string {
  const totals = columnTotals(matrix);
  const lines = matrix.columns.map((column, index) => {
    const total = totals[index];
    return (
      `| ${column.broker} ${column.brokerVersion} | ${column.profile} | ${total.passed} | ${total.failed} | ` +
      `${total.unsupported} | ${total["not-applicable"]} | ${total["not-judged"]} |`
    );
  });
  return [
    "| broker | profile | passed | failed | unsupported | not applicable | not judged |",
    "|---|---|---|---|---|---|---|",
    ...lines,
  ].join("\n");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function renderHtml(matrix: Matrix, generatedAt = new Date()): string {
  const totals = columnTotals(matrix);
  const head = matrix.columns
    .map((column, index) => {
      const total = totals[index];
      return (
        `<th>${escapeHtml(column.broker)} <small>${escapeHtml(column.brokerVersion)}</small>` +
        `<br><small>${escapeHtml(column.profile)}</small>` +
        `<br><small>${total.passed} ✅ ${total.failed} ❌ ` +
        `${total.unsupported} ⛔ ${total["not-applicable"]} ➖</small></th>`
      );
    })
    .join("");
  const body = matrix.groups
    .map((group) => {
      const title =
        `<tr class="group"><th colspan="${matrix.columns.length + 2}">` +
        `${escapeHtml(group.group)} — ${escapeHtml(group.title)}</th></tr>`;
      const rows = group.rows.map((row) => {
        const cells = row.cells
          .map((cell) => {
            const text = detail(cell);
            return (
              `<td class="${cell.verdict}"${text ? ` title="${escapeHtml(text)}"` : ""}>${symbols[cell.verdict]}` +
              `${text ? `<div class="reason">${escapeHtml(text)}</div>` : ""}</td>`
            );
          })
          .join("");
        return `<tr><th class="id">${row.id}</th><td class="statement">${escapeHtml(row.statement)}</td>${cells}</tr>`;
      });
      return [title, ...rows].join("\n");
    })
    .join("\n");
  const legend =
    "Rows: requirements of the catalogue; columns: broker runs. ❌ failed (with the observed behaviour), " +
    "⛔ unsupported (a feature the profile requires is missing), " +
    "➖ not applicable (with what would make it judgeable), · not judged under that profile; " +
    "a pass may carry notes (SHOULDs skipped where only MUSTs count).";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MQTT conformance matrix</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; vertical-align: top; }
thead th { position: sticky; top: 0; background: #f4f4f4; }
tr.group th { background: #e8eef8; text-align: left; }
th.id { white-space: nowrap; }
td.statement { max-width: 28rem; }
td.passed { background: #e9f7ec; } td.failed { background: #fde8e8; } td.unsupported { background: #fdf0dc; }
td.not-applicable { background: #f2f2f2; color: #555; } td.not-judged { color: #999; }
.reason { font-size: 0.75rem; color: #444; max-width: 18rem; }
</style></head><body>
<h1>MQTT conformance matrix</h1>
<p>Generated ${escapeHtml(generatedAt.toISOString())}. ${legend}</p>
<table><thead><tr><th>ID</th><th>requirement</th>${head}</tr></thead>
<tbody>
${body}
</tbody></table></body></html>
`;
}
