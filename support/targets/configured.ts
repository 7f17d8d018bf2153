// A broker of a scenario's own, started with the configuration the scenario declares: in-process
// for the embedded target, another container of the same image for the container target.
import type { BrokerOptions } from "../../brokers/reference/src/index.ts";
import { startConfiguredReferenceBroker } from "./embedded.ts";
import type { TargetInfo } from "./target.ts";

export interface ConfiguredBroker {
  host: string;
  port: number;
  /** Administrative disconnect [RC-15], where the broker offers it in-process. */
  disconnectClient?(clientId: string): boolean;
  stop(): Promise<void>;
}

export async function startConfiguredBroker(target: TargetInfo, options: BrokerOptions): Promise<ConfiguredBroker> {
  if (target.kind === "embedded") return startConfiguredReferenceBroker(target.profile, options);
  const variable = target.descriptor.container?.optionsVariable;
  if (target.kind === "container" && variable) {
    const { startContainer } = await import("./container.ts");
    return startContainer(target.descriptor, target.profile, { [variable]: JSON.stringify(options) });
  }
  throw new Error(`${target.descriptor.name} (${target.kind}) cannot be started with a configuration of the scenario's own`);
}
