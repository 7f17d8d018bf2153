// A broker of a scenario's own, started with the configuration the scenario declares: in-process
// for the embedded target, another container of the same image for the container target.
import type { BrokerOptions } from "../../brokers/reference/src/index.ts";
import { startConfiguredReferenceBroker } from "./embedded.ts";
import type { TargetInfo } from "./target.ts";

export interface ConfiguredBroker {
  host: string;
  port: number;
  /** Administrative disconnect [RC-15]; resolves false when the broker knows no such client. */
  disconnectClient(clientId: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** Asks a broker's administrative HTTP API to disconnect a client. */
async function disconnectOverHttp(host: string, adminPort: number, clientId: string): Promise<boolean> {
  const response = await fetch(`http://${host}:${adminPort}/clients/${encodeURIComponent(clientId)}/disconnect`, { method: "POST", signal: AbortSignal.timeout(5000) });
  if (response.status !== 204 && response.status !== 404) throw new Error(`the administrative API answered HTTP ${response.status}`);
  return response.status === 204;
}

export async function startConfiguredBroker(target: TargetInfo, options: BrokerOptions): Promise<ConfiguredBroker> {
  if (target.kind === "embedded") {
    const broker = await startConfiguredReferenceBroker(target.profile, options);
    return { host: broker.host, port: broker.port, disconnectClient: async (clientId) => broker.disconnectClient(clientId), stop: () => broker.stop() };
  }
  const variable = target.descriptor.container?.optionsVariable;
  if (target.kind === "container" && variable) {
    const { freePortBlock, startContainer } = await import("./container.ts");
    const adminPort = await freePortBlock(1);
    const container = await startContainer(target.descriptor, target.profile, { [variable]: JSON.stringify({ ...options, adminPort }) });
    return { ...container, disconnectClient: (clientId) => disconnectOverHttp(container.host, adminPort, clientId) };
  }
  throw new Error(`${target.descriptor.name} (${target.kind}) cannot be started with a configuration of the scenario's own`);
}
