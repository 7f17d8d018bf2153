// A fuzz campaign: many connections at once, each playing one seeded case after another, until
// the packet budget or the time bound is spent or the broker is gone; a bystander publishing and
// receiving at QoS 1 throughout. When the broker logs an internal error or dies, the cases that
// were running are suspects; each is then played again alone, beside an MQTT 5 witness (after a
// restart, for a crash), to find the one that does it, and reported with its seed and exact bytes.
import type { Packet } from "mqtt-packet";
import { Bystander, type BystanderReport } from "./bystander.ts";
import type { Namespace } from "./corpus.ts";
import { buildCase, runCase, type CaseOutcome, type FuzzCase } from "./fuzz-case.ts";
import { MqttSocket } from "./mqtt-socket.ts";
import { caseSeed } from "./random.ts";
import { brokerSideConnections, type FuzzTarget } from "./target.ts";

export interface CampaignOptions {
  seed: number;
  /** Packets to send in all. */
  packets: number;
  /** Connections playing cases at once. */
  connections: number;
  /** Bound on the whole run, seconds. */
  maxSeconds: number;
  /** How long a case waits for the broker's answers after its last write. */
  lingerMs?: number;
  /** Replays allowed to pin a finding on one case. */
  maxReplays?: number;
  onProgress?: (progress: CampaignProgress) => void;
}

export interface CampaignProgress {
  elapsedMs: number;
  packetsSent: number;
  packets: number;
  cases: number;
  memoryBytes: number | undefined;
  memoryGrowthBytes: number | undefined;
  bystanderP99Ms: number;
  bystanderDisturbed: boolean;
  internalErrors: number;
  crashed: boolean;
}

export interface Finding {
  kind: "crash" | "internal-error";
  detail: string;
  /** Whether playing this case alone reproduced it. */
  reproduced: boolean;
  caseSeed: number;
  protocolVersion: 4 | 5;
  /** The case's writes in order, hex; mutated ones name their mutations. */
  writes: Array<{ hex: string; mutations?: string[] }>;
}

export interface CampaignReport {
  target: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  stoppedBecause: "packet budget spent" | "time bound reached" | "broker gone";
  packetsSent: number;
  cases: number;
  casesClosedByBroker: number;
  crashes: number;
  internalErrors: number | undefined;
  memory: { startBytes: number; peakBytes: number; endBytes: number; growthBytes: number } | undefined;
  bystander: BystanderReport;
  /** Broker-side connections still established once every fuzz client is gone (loopback only). */
  connectionsLeftOpen: number | undefined;
  findings: Finding[];
}

/** Cases kept after they end, as suspects for what the broker reports a little later. */
const recentCases = 64;

export function campaignNamespace(seed: number): Namespace {
  return { topic: `fuzz/${seed}`, clientId: `fuzz-${seed}` };
}

function describeCase(fuzzCase: FuzzCase): Pick<Finding, "caseSeed" | "protocolVersion" | "writes"> {
  return {
    caseSeed: fuzzCase.seed,
    protocolVersion: fuzzCase.protocolVersion,
    writes: fuzzCase.frames.map((frame, index) => ({
      hex: frame.toString("hex"),
      ...(fuzzCase.mutations.has(index) ? { mutations: fuzzCase.mutations.get(index) } : {}),
    })),
  };
}

export async function runCampaign(initialTarget: FuzzTarget, options: CampaignOptions): Promise<CampaignReport> {
  let target = initialTarget;
  const started = Date.now();
  const lingerMs = options.lingerMs ?? 20;
  const namespace = campaignNamespace(options.seed);
  const bystander = await Bystander.start(target, `fuzz-${options.seed}`);
  bystander.run(50);

  const startMemory = await target.memoryBytes();
  let peakMemory = startMemory ?? 0;
  const baselineErrors = (await target.internalErrors()) ?? 0;
  let knownErrors = baselineErrors;
  let packetsSent = 0;
  let cases = 0;
  let closedByBroker = 0;
  let nextIndex = 0;
  let gone: string | undefined;
  const running = new Set<FuzzCase>();
  const recent: FuzzCase[] = [];
  /** Cases running or just ended when the broker reported trouble, with what it reported. */
  const suspects: Array<{ kind: Finding["kind"]; detail: string; cases: FuzzCase[] }> = [];
  const deadline = started + options.maxSeconds * 1000;
  const done = (): boolean => gone !== undefined || packetsSent >= options.packets || Date.now() >= deadline;
  const underSuspicion = (): FuzzCase[] => [...running, ...recent];

  const watch = async (): Promise<void> => {
    const memory = await target.memoryBytes();
    if (memory !== undefined) peakMemory = Math.max(peakMemory, memory);
    const errors = await target.internalErrors();
    if (errors !== undefined && errors > knownErrors) {
      suspects.push({
        kind: "internal-error",
        detail: `${errors - knownErrors} internal error(s) logged`,
        cases: underSuspicion(),
      });
      knownErrors = errors;
    }
    if (!gone) {
      gone = await target.exited();
      if (gone) suspects.push({ kind: "crash", detail: gone, cases: underSuspicion() });
    }
    options.onProgress?.({
      elapsedMs: Date.now() - started,
      packetsSent,
      packets: options.packets,
      cases,
      memoryBytes: memory,
      memoryGrowthBytes: memory === undefined || startMemory === undefined ? undefined : memory - startMemory,
      bystanderP99Ms: bystander.p99,
      bystanderDisturbed: bystander.disturbed,
      internalErrors: knownErrors - baselineErrors,
      crashed: gone !== undefined,
    });
  };
  let watching = Promise.resolve();
  const watcher = setInterval(() => (watching = watching.then(watch)), 1000);

  const worker = async (): Promise<void> => {
    while (!done()) {
      const fuzzCase = buildCase(caseSeed(options.seed, nextIndex++), namespace);
      running.add(fuzzCase);
      const outcome = await runCase(target, fuzzCase, lingerMs);
      running.delete(fuzzCase);
      recent.push(fuzzCase);
      if (recent.length > recentCases) recent.shift();
      packetsSent += outcome.packetsSent;
      cases++;
      if (outcome.closedByBroker) closedByBroker++;
      if (outcome.unreachable) await (watching = watching.then(watch));
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  clearInterval(watcher);
  await (watching = watching.then(watch));

  const bystanderReport = await bystander.stop();
  const connectionsLeftOpen = gone ? undefined : await settledConnections(target.port);
  const endMemory = (await target.memoryBytes()) ?? 0;
  const durationMs = Date.now() - started;
  const findings: Finding[] = [];
  let replaysLeft = options.maxReplays ?? 200;
  for (const suspect of suspects) {
    const pinned = await pinDown(target, suspect, lingerMs, () => replaysLeft-- > 0);
    target = pinned.target;
    findings.push(...pinned.findings);
  }
  return {
    target: initialTarget.description,
    seed: options.seed,
    startedAt: new Date(started).toISOString(),
    durationMs,
    stoppedBecause: gone
      ? "broker gone"
      : packetsSent >= options.packets
        ? "packet budget spent"
        : "time bound reached",
    packetsSent,
    cases,
    casesClosedByBroker: closedByBroker,
    crashes: suspects.filter((suspect) => suspect.kind === "crash").length,
    internalErrors: (await target.internalErrors()) === undefined ? undefined : knownErrors - baselineErrors,
    memory:
      startMemory === undefined
        ? undefined
        : {
            startBytes: startMemory,
            peakBytes: peakMemory,
            endBytes: endMemory,
            growthBytes: peakMemory - startMemory,
          },
    bystander: bystanderReport,
    connectionsLeftOpen,
    findings,
  };
}

/**
 * Broker-side connections left once the clients are gone: the count may take a moment to fall
 * (the broker closes a connection after reading its end), so it is polled to a deadline.
 */
async function settledConnections(port: number): Promise<number | undefined> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const count = await brokerSideConnections(port);
    if (count === undefined || count === 0 || Date.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling interval
  }
}

/**
 * Plays one case with only a witness beside it: an MQTT 5 client subscribed to everything, so
 * that what the case publishes (or its Will) is sent on to an MQTT 5 subscriber, as during the
 * campaign. Waits a quiet period after the case, for what the broker does once it has ended.
 */
async function playAlone(target: FuzzTarget, fuzzCase: FuzzCase, lingerMs: number): Promise<CaseOutcome> {
  const witness = await MqttSocket.open(target, { protocolVersion: 5 }).catch(() => undefined);
  if (witness) {
    witness.autoAcknowledge = true;
    witness.send({
      cmd: "connect",
      protocolId: "MQTT",
      protocolVersion: 5,
      clean: true,
      keepalive: 0,
      clientId: `fuzz-witness-${fuzzCase.seed}`,
    });
    witness.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "#", qos: 1 }] });
    await witness
      .waitFor("SUBACK", (packet): packet is Packet => packet.cmd === "suback", 2000)
      .catch(() => undefined);
  }
  const outcome = await runCase(target, fuzzCase, lingerMs);
  // a Will, a log line or an exit may follow the close
  await new Promise((resolve) => setTimeout(resolve, 200)); // quiet period

  witness?.destroy();
  return outcome;
}

/** Plays each suspect case alone until one reproduces what the broker reported. */
async function pinDown(
  target: FuzzTarget,
  suspect: { kind: Finding["kind"]; detail: string; cases: FuzzCase[] },
  lingerMs: number,
  mayReplay: () => boolean,
): Promise<{ target: FuzzTarget; findings: Finding[] }> {
  let current = target;
  for (const fuzzCase of suspect.cases) {
    if (!mayReplay() || (suspect.kind === "crash" && !current.restart)) break;
    if (suspect.kind === "crash") current = await current.restart!();
    const before = (await current.internalErrors()) ?? 0;
    await playAlone(current, fuzzCase, lingerMs);
    const gone = suspect.kind === "crash" ? await current.exited() : undefined;
    const reproduced =
      suspect.kind === "crash" ? gone !== undefined : ((await current.internalErrors()) ?? 0) > before;
    if (reproduced)
      return {
        target: current,
        findings: [
          { kind: suspect.kind, detail: gone ?? suspect.detail, reproduced: true, ...describeCase(fuzzCase) },
        ],
      };
  }
  // no single case reproduces it alone: every suspect is reported, so that nothing is lost
  return {
    target: current,
    findings: suspect.cases.map((fuzzCase) => ({
      kind: suspect.kind,
      detail: `${suspect.detail} (not reproduced by this case alone)`,
      reproduced: false,
      ...describeCase(fuzzCase),
    })),
  };
}

/** Plays one case by its seed, with the witness a finding was pinned with. */
export async function replayCase(
  target: FuzzTarget,
  campaignSeed: number,
  seed: number,
): Promise<{ fuzzCase: FuzzCase; outcome: CaseOutcome }> {
  const fuzzCase = buildCase(seed, campaignNamespace(campaignSeed));
  return { fuzzCase, outcome: await playAlone(target, fuzzCase, 200) };
}
