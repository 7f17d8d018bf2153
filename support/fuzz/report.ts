// How a fuzz run is shown: a progress line while it runs, and a summary with every finding's seed,
// the command that replays it, and its bytes.
import type { CampaignProgress, CampaignReport } from "./campaign.ts";

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const count = (value: number): string => value.toLocaleString("en-US");

export function progressLine(progress: CampaignProgress): string {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(progress.packetsSent / seconds) : 0;
  const memory =
    progress.memoryBytes === undefined
      ? "memory n/a"
      : `RSS ${megabytes(progress.memoryBytes)} ` +
        `(${progress.memoryGrowthBytes! >= 0 ? "+" : ""}${megabytes(progress.memoryGrowthBytes!)})`;
  const trouble = [
    progress.crashed ? "BROKER GONE" : "",
    progress.internalErrors > 0 ? `${progress.internalErrors} internal errors` : "",
    progress.bystanderDisturbed ? "bystander disturbed" : "",
  ]
    .filter(Boolean)
    .join(", ");
  return (
    `${seconds.toFixed(0)} s · ${count(progress.packetsSent)}/${count(progress.packets)} packets ` +
    `(${count(rate)}/s) · ${count(progress.cases)} cases · ${memory} · bystander p99 ${progress.bystanderP99Ms} ms` +
    `${trouble ? ` · ${trouble}` : ""}`
  );
}

/** Reproduces a finding: the fuzz command with the campaign's seed and the case's. */
function replayCommand(report: CampaignReport, caseSeed: number, targetFlags: string): string {
  return `npx mqtt-conformance fuzz ${targetFlags}--seed ${report.seed} --replay ${caseSeed}`
    .replace(/\s+/g, " ")
    .trim();
}

export function summary(report: CampaignReport, targetFlags: string): string {
  const { bystander } = report;
  const memory = report.memory
    ? `${megabytes(report.memory.startBytes)} at start, peak ${megabytes(report.memory.peakBytes)}, ` +
      `${megabytes(report.memory.endBytes)} at the end: growth ${megabytes(report.memory.growthBytes)}`
    : "not measurable for this target";
  const lines = [
    `Fuzz ${report.target}, seed ${report.seed}: ` +
      `${report.stoppedBecause} after ${(report.durationMs / 1000).toFixed(1)} s`,
    `  packets sent            ${count(report.packetsSent)} in ${count(report.cases)} connections ` +
      `(${count(report.casesClosedByBroker)} closed by the broker)`,
    `  broker crashes          ${report.crashes}`,
    `  internal errors         ${report.internalErrors ?? "not reported by this broker"}`,
    `  memory                  ${memory}`,
    `  bystander               ${bystander.sent} sent, ${bystander.received} received, ${bystander.lost} lost, ` +
      `${bystander.disconnects} disconnects; latency p50 ${bystander.latencyMs.p50} ms, ` +
      `p99 ${bystander.latencyMs.p99} ms, max ${bystander.latencyMs.max} ms`,
    `  connections left open   ${report.connectionsLeftOpen ?? "not measurable for this target"}`,
    `  findings                ${report.findings.length}`,
  ];
  for (const finding of report.findings) {
    lines.push(
      `  - ${finding.kind}: ${finding.detail}; case seed ${finding.caseSeed} ` +
        `(MQTT ${finding.protocolVersion === 5 ? "5" : "3.1.1"})${finding.reproduced ? ", reproduced alone" : ""}`,
      `    replay: ${replayCommand(report, finding.caseSeed, targetFlags)}`,
      ...finding.writes.map(
        (write) => `    ${write.hex}${write.mutations ? `   (${write.mutations.join(", ")})` : ""}`,
      ),
    );
  }
  return lines.join("\n");
}
