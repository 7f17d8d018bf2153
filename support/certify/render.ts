// What a certificate looks like to people: a self-contained HTML page (no external resource: the
// styles and the badge are inline) and an SVG badge to put in a README.
import type { Catalogue } from "../catalogue/catalogue.ts";
import type { CellVerdict } from "../matrix/matrix.ts";
import type { Certificate, CertificateVerdict } from "./certificate.ts";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const colours: Record<CertificateVerdict, string> = {
  conformant: "#2e7d32",
  "conformant with deviations": "#b26a00",
  "not conformant": "#c62828",
};

/** Width of a text in 11 px Verdana, near enough for a badge (wide and narrow letters averaged). */
function textWidth(text: string): number {
  return Math.round(
    [...text].reduce(
      (width, char) =>
        width + (/[ilj.,:;'|!]/.test(char) ? 3.5 : /[mwMW]/.test(char) ? 10 : /[A-Z]/.test(char) ? 8 : 6.6),
      0,
    ),
  );
}

/** A flat two-part badge: "MQTT <profile>" and the verdict, coloured by it. */
export function renderBadge(certificate: Pick<Certificate, "profile" | "verdict">): string {
  const label = `MQTT ${certificate.profile}`;
  const value = certificate.verdict;
  const left = textWidth(label) + 12;
  const right = textWidth(value) + 12;
  const width = left + right;
  const title = escapeHtml(`${label}: ${value}`);
  const shine =
    '<linearGradient id="shine" x2="0" y2="100%"><stop offset="0" stop-color="#fff" stop-opacity=".15"/>' +
    '<stop offset="1" stop-opacity=".1"/></linearGradient>';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">
  <title>${title}</title>
  ${shine}
  <clipPath id="round"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>
  <g clip-path="url(#round)">
    <rect width="${left}" height="20" fill="#555"/>
    <rect x="${left}" width="${right}" height="20" fill="${colours[value]}"/>
    <rect width="${width}" height="20" fill="url(#shine)"/>
  </g>
  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
    <text x="${left / 2}" y="15" fill="#010101" fill-opacity=".3">${escapeHtml(label)}</text>
    <text x="${left / 2}" y="14">${escapeHtml(label)}</text>
    <text x="${left + right / 2}" y="15" fill="#010101" fill-opacity=".3">${escapeHtml(value)}</text>
    <text x="${left + right / 2}" y="14">${escapeHtml(value)}</text>
  </g>
</svg>
`;
}

const verdictText: Record<CellVerdict, string> = {
  passed: "✅ passed",
  failed: "❌ failed",
  unsupported: "⛔ unsupported",
  "not-applicable": "➖ not applicable",
  "not-judged": "· not judged",
};

export function renderCertificateHtml(certificate: Certificate, catalogue: Catalogue, jsonDigest: string): string {
  const groups = [...new Set(certificate.requirements.map((entry) => entry.group))];
  const titleOf = (group: string) =>
    catalogue.groups[group] ?? (group === "OASIS" ? "OASIS specification statements" : group);
  const rows = groups
    .map((group) => {
      const entries = certificate.requirements.filter((entry) => entry.group === group);
      const header =
        `<tr class="group"><th colspan="4">${escapeHtml(group)} — ` + `${escapeHtml(titleOf(group))}</th></tr>`;
      const body = entries.map((entry) => {
        const detail = [
          entry.reason ? `<div class="reason">${escapeHtml(entry.reason)}</div>` : "",
          ...(entry.notes ?? []).map((note) => `<div class="note">note: ${escapeHtml(note)}</div>`),
        ].join("");
        return (
          `<tr><th class="id">${escapeHtml(entry.id)}</th>` +
          `<td class="level">${escapeHtml(entry.level)}${entry.required ? "" : " <small>(optional)</small>"}</td>` +
          `<td>${escapeHtml(entry.statement)}</td>` +
          `<td class="${entry.verdict}">${verdictText[entry.verdict]}${detail}</td></tr>`
        );
      });
      return [header, ...body].join("\n");
    })
    .join("\n");
  const counts = certificate.counts;
  const facts: Array<[string, string]> = [
    [
      "Broker",
      `${certificate.broker.name} ${certificate.broker.version}` +
        `${certificate.broker.description ? ` — ${certificate.broker.description}` : ""}`,
    ],
    ["Reached as", certificate.target],
    ["Profile", certificate.profile],
    ["Suite", `${certificate.suite.name} ${certificate.suite.version}`],
    ["Catalogue (SHA-256)", certificate.catalogue.digest],
    ["Issued", certificate.issuedAt],
    [
      "Requirements",
      `${counts.passed} passed, ${counts.failed} failed, ${counts.unsupported} unsupported, ` +
        `${counts["not-applicable"]} not applicable, ${counts["not-judged"]} not judged under this profile ` +
        `(${counts.scenarios} scenarios)`,
    ],
    ["certificate.json (SHA-256)", jsonDigest],
  ];
  const title =
    `MQTT conformance certificate: ${escapeHtml(certificate.broker.name)} ` +
    `${escapeHtml(certificate.broker.version)} · ${escapeHtml(certificate.profile)}`;
  const levels =
    "<p>Under <code>aws-iot-core</code> every requirement is required. " +
    "Under <code>oasis</code> a requirement is required when its OASIS keyword is MUST; " +
    "one whose keyword is SHOULD or MAY is optional, and a SHOULD the broker skipped is a note, never a failure. " +
    "A failure shows the behaviour observed; unsupported and not applicable show what is missing.</p>";
  const footer =
    "<footer>Check that this certificate was not edited: " +
    "<code>sha256sum -c certificate.json.sha256</code> beside certificate.json, " +
    "or <code>mqtt-conformance certify --verify certificate.json</code>. " +
    "The page is made from certificate.json, whose SHA-256 is printed above. " +
    "The catalogue digest is <code>(cd catalogue &amp;&amp; sha256sum *.yaml) | sha256sum</code> " +
    "in the suite's package.</footer>";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${title}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
.verdict { font-size: 1.6rem; font-weight: 600; color: ${colours[certificate.verdict]}; margin: 0.5rem 0; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
table { border-collapse: collapse; font-size: 0.85rem; width: 100%; margin-top: 1rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
tr.group th { background: #e8eef8; }
th.id, td.level { white-space: nowrap; }
td.passed { background: #e9f7ec; } td.failed { background: #fde8e8; } td.unsupported { background: #fdf0dc; }
td.not-applicable { background: #f2f2f2; } td.not-judged { color: #888; }
.reason { font-size: 0.8rem; color: #444; } .note { font-size: 0.8rem; color: #666; font-style: italic; }
footer { margin-top: 2rem; font-size: 0.8rem; color: #555; }
</style></head><body>
<h1>MQTT conformance certificate</h1>
${renderBadge(certificate)}
<p class="verdict">${escapeHtml(certificate.verdict)}</p>
<ul>${certificate.why.map((sentence) => `<li>${escapeHtml(sentence)}</li>`).join("")}</ul>
<dl>${facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join("")}</dl>
${levels}
<table><thead><tr><th>ID</th><th>level</th><th>requirement</th><th>verdict</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${footer}
</body></html>
`;
}
