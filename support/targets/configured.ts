// A broker started with a scenario's settings: in-process for the embedded target (the reference
// broker takes the settings as they are), or a container of the broker's image with the settings
// its adapter rendered. One broker serves every scenario that asks for the same settings, across
// Cucumber's worker processes (they share a registry folder), unless a scenario needs one of its
// own: a broker it stops, or whose configuration names topics and client IDs as written.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderSettings } from "../brokers/adapters.ts";
import type { BrokerDescriptor } from "../brokers/descriptor.ts";
import type { BrokerSettings } from "../brokers/settings.ts";
import { endpointsFromOffsets, type Endpoints } from "./endpoints.ts";
import { NotJudged } from "../harness/verdicts.ts";
import type { TargetInfo } from "./target.ts";

export interface ConfiguredBroker {
  host: string;
  port: number;
  /** Its listeners besides the main one [TRN-01..06] [API-01..06]. */
  endpoints: Endpoints;
  /** Administrative disconnect [RC-15]; resolves false when the broker knows no such client. */
  disconnectClient(clientId: string): Promise<boolean>;
  /** Stops a broker of the scenario's own; a shared one is stopped when the run ends. */
  stop(): Promise<void>;
}

/** Where a broker's administrative API is, and how to ask it to disconnect a client. */
interface Endpoint {
  host: string;
  port: number;
  adminPort?: number;
}

function disconnectThroughAdminApi(
  descriptor: BrokerDescriptor,
  endpoint: Endpoint,
): (clientId: string) => Promise<boolean> {
  return async (clientId) => {
    const admin = descriptor.admin;
    if (!admin || endpoint.adminPort === undefined)
      throw new Error(`${descriptor.name} has no administrative API the suite can call`);
    const url = admin.disconnectUrl
      .replace("{host}", endpoint.host)
      .replace("{adminPort}", String(endpoint.adminPort))
      .replace("{clientId}", encodeURIComponent(clientId));
    const response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(5000) });
    if (response.status >= 300 && response.status !== 404)
      throw new Error(`the administrative API answered HTTP ${response.status}`);
    return response.status < 300;
  };
}

/** Starts one container of the broker with the rendered settings (and its admin API port, if it has one). */
async function startSettingsContainer(
  target: TargetInfo,
  settings: BrokerSettings,
  labels: Record<string, string>,
  ownedByProcess = true,
): Promise<Endpoint & { stop(): Promise<void> }> {
  const rendering = renderSettings(target.descriptor, settings);
  if (!rendering.ok)
    throw new Error(
      `${target.descriptor.name} cannot be configured: ` +
        `${rendering.inexpressible.map((item) => item.reason).join("; ")}`,
    );
  const { freePortBlock, startContainer } = await import("./container.ts");
  const admin = target.descriptor.admin;
  const adminPort = admin ? await freePortBlock(1) : undefined;
  const environment = {
    ...rendering.environment,
    ...(admin && adminPort !== undefined ? { [admin.portVariable]: String(adminPort) } : {}),
  };
  const container = await startContainer(
    target.descriptor,
    target.profile,
    environment,
    labels,
    ownedByProcess,
    target.pki,
  );
  return { host: container.host, port: container.port, adminPort, stop: () => container.stop() };
}

/** The folder through which worker processes share the brokers they started for one run. */
export function registryFolder(runId: string): string {
  return join(tmpdir(), `mqtt-conformance-${runId}`);
}

/** Label that ties a shared configured broker to the run that must remove it. */
export const runLabel = "mqtt-conformance.run";

const pollIntervalMs = 50;

/**
 * The shared broker for these settings: started by the first worker that asks (an atomic mkdir
 * decides which), found through the registry by the others, removed when the run ends.
 */
async function sharedContainer(target: TargetInfo, settings: BrokerSettings): Promise<Endpoint> {
  const runId = target.runId;
  if (!runId) throw new Error("a container target without a run identifier cannot share configured brokers");
  const folder = registryFolder(runId);
  mkdirSync(folder, { recursive: true });
  const key = createHash("sha1").update(JSON.stringify(settings)).digest("hex").slice(0, 16);
  const entry = join(folder, `${key}.json`);
  const deadline = Date.now() + (target.descriptor.container?.startupTimeoutMs ?? 60_000) + 30_000;
  for (;;) {
    if (existsSync(entry)) {
      const found = JSON.parse(readFileSync(entry, "utf8")) as Endpoint | { error: string };
      if ("error" in found) throw new Error(found.error);
      return found;
    }
    try {
      mkdirSync(join(folder, `${key}.lock`));
    } catch {
      if (Date.now() > deadline) throw new Error(`no broker for these settings appeared in ${folder} in time`);
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs)); // polling interval, not a fixed wait
      continue;
    }
    let record: Endpoint | { error: string };
    try {
      const { stop: _stop, ...endpoint } = await startSettingsContainer(
        target,
        settings,
        { [runLabel]: runId },
        false,
      );
      record = endpoint;
    } catch (error) {
      record = { error: (error as Error).message };
    }
    writeFileSync(`${entry}.tmp`, JSON.stringify(record));
    renameSync(`${entry}.tmp`, entry);
    if ("error" in record) throw new Error(record.error);
    return record;
  }
}

/** In-process reference brokers this worker shares between its scenarios, by settings. */
const embeddedShared = new Map<string, Promise<ConfiguredBroker>>();

/** Starts (or finds) a broker with the settings. */
export async function startConfiguredBroker(
  target: TargetInfo,
  settings: BrokerSettings,
  { own = false } = {},
): Promise<ConfiguredBroker> {
  if (target.kind === "embedded") {
    const { startConfiguredReferenceBroker } = await import("./embedded.ts");
    if (own) return startConfiguredReferenceBroker(target.profile, settings, target.pki);
    const key = JSON.stringify(settings);
    let shared = embeddedShared.get(key);
    if (!shared) {
      shared = startConfiguredReferenceBroker(target.profile, settings, target.pki);
      embeddedShared.set(key, shared);
    }
    const broker = await shared;
    return { ...broker, stop: async () => {} };
  }
  if (target.kind === "container") {
    if (own) {
      const container = await startSettingsContainer(target, settings, {});
      const endpoints = endpointsFromOffsets(target.descriptor, container.host, container.port);
      return {
        host: container.host,
        port: container.port,
        endpoints,
        disconnectClient: disconnectThroughAdminApi(target.descriptor, container),
        stop: container.stop,
      };
    }
    const endpoint = await sharedContainer(target, settings);
    const endpoints = endpointsFromOffsets(target.descriptor, endpoint.host, endpoint.port);
    return {
      host: endpoint.host,
      port: endpoint.port,
      endpoints,
      disconnectClient: disconnectThroughAdminApi(target.descriptor, endpoint),
      stop: async () => {},
    };
  }
  const unstartable = "the suite cannot start it with the settings this scenario needs";
  throw new NotJudged(
    `${target.descriptor.name} is reached at a URL: ${unstartable}; run it with --broker or --container to judge it`,
  );
}

/** Stops this worker's shared in-process brokers (at the end of the run). */
export async function stopSharedEmbeddedBrokers(): Promise<void> {
  const brokers = await Promise.all(embeddedShared.values());
  embeddedShared.clear();
  await Promise.all(brokers.map((broker) => broker.stop()));
}
