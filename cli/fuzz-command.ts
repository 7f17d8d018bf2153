// `mqtt-conformance fuzz`: a bounded, seeded mutation campaign against a broker (the reference
// broker in a child process by default, any broker's container image, or a URL), with a bystander
// throughout. Prints progress and a summary, writes the report as JSON, and exits non-zero when
// the broker crashed, logged an internal error, disturbed the bystander or kept connections open.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { spawnReferenceBroker } from "../brokers/reference/src/spawn.ts";
import { loadDescriptor } from "../support/brokers/descriptor.ts";
import { campaignNamespace, replayCase, runCampaign, type CampaignReport } from "../support/fuzz/campaign.ts";
import { progressLine, summary } from "../support/fuzz/report.ts";
import { childProcessTarget, externalTarget, type FuzzTarget } from "../support/fuzz/target.ts";
import type { ProfileName } from "../support/targets/target.ts";

export interface FuzzCommandOptions {
  broker: string;
  container: boolean;
  url?: string;
  profile: ProfileName;
  packets: number;
  connections: number;
  seed: number;
  maxSeconds: number;
  /** Plays only the case with this seed, and prints its bytes. */
  replay?: number;
  reportFile: string;
}

function tcpAddress(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  if (parsed.protocol !== "mqtt:")
    throw new Error(`fuzz reaches brokers over plain TCP only: ${url} is not mqtt://host:port`);
  return { host: parsed.hostname, port: Number(parsed.port || 1883) };
}

async function startFuzzTarget(
  options: Pick<FuzzCommandOptions, "broker" | "container" | "url" | "profile">,
): Promise<FuzzTarget> {
  if (options.url) {
    const { host, port } = tcpAddress(options.url);
    return externalTarget(host, port, `${options.broker} at ${options.url}`);
  }
  const descriptor = loadDescriptor(options.broker); // fails with the list of known brokers
  if (options.broker === "reference" && !options.container) {
    return childProcessTarget(
      () => spawnReferenceBroker(options.profile),
      `reference (child process, ${options.profile})`,
    );
  }
  if (!descriptor.container)
    throw new Error(
      `broker "${options.broker}" has no container image; reach a running instance with --url mqtt://host:port`,
    );
  // loaded only when needed: Testcontainers takes a while to load, and most runs need no container
  const { containerTarget } = await import("../support/fuzz/container-target.ts");
  return containerTarget(descriptor, options.profile);
}

/** The flags that name the target again, for the replay command of a finding. */
function targetFlags(options: FuzzCommandOptions): string {
  if (options.url) return `--url ${options.url} `;
  return `--broker ${options.broker} ${options.container ? "--container " : ""}--profile ${options.profile} `;
}

/** Whether the run found anything wrong. */
function campaignFailed(report: CampaignReport): boolean {
  const { bystander } = report;
  return (
    report.crashes > 0 ||
    (report.internalErrors ?? 0) > 0 ||
    bystander.lost > 0 ||
    bystander.disconnects > 0 ||
    (report.connectionsLeftOpen ?? 0) > 0
  );
}

export async function fuzzCommand(options: FuzzCommandOptions): Promise<number> {
  const target = await startFuzzTarget(options);
  try {
    if (options.replay !== undefined) {
      const { fuzzCase, outcome } = await replayCase(target, options.seed, options.replay);
      process.stdout.write(
        `case ${fuzzCase.seed} of campaign ${options.seed} (namespace ${campaignNamespace(options.seed).topic}), ` +
          `MQTT ${fuzzCase.protocolVersion === 5 ? "5" : "3.1.1"}:\n`,
      );
      for (const [index, frame] of fuzzCase.frames.entries())
        process.stdout.write(
          `  ${frame.toString("hex")}` +
            `${fuzzCase.mutations.has(index) ? `   (${fuzzCase.mutations.get(index)!.join(", ")})` : ""}\n`,
        );
      const gone = await target.exited();
      process.stdout.write(
        `${outcome.packetsSent} writes sent; ` +
          `${outcome.closedByBroker ? "the broker closed the connection" : "the connection stayed open"}; ` +
          `internal errors so far: ${(await target.internalErrors()) ?? "n/a"}; ${gone ?? "the broker is up"}\n`,
      );
      return gone ? 1 : 0;
    }
    const tty = process.stdout.isTTY;
    process.stdout.write(
      `fuzzing ${target.description} on ${target.host}:${target.port}: ` +
        `${options.packets.toLocaleString("en-US")} packets, ${options.connections} connections, ` +
        `seed ${options.seed}\n`,
    );
    const report = await runCampaign(target, {
      seed: options.seed,
      packets: options.packets,
      connections: options.connections,
      maxSeconds: options.maxSeconds,
      onProgress: (progress) =>
        process.stdout.write(tty ? `\r${progressLine(progress)}\u001b[K` : `${progressLine(progress)}\n`),
    });
    if (tty) process.stdout.write("\n");
    process.stdout.write(`${summary(report, targetFlags(options))}\n`);
    mkdirSync(dirname(options.reportFile), { recursive: true });
    writeFileSync(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`report: ${options.reportFile}\n`);
    return campaignFailed(report) ? 1 : 0;
  } finally {
    await target.stop();
  }
}
