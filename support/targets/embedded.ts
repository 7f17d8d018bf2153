// The default target: the reference broker started in-process on a free loopback port, with its
// own defaults (those its descriptor declares), and brokers of a scenario's own with its settings.
// The only suite module that imports the reference broker.
import { startBroker, type BrokerOptions } from "../../brokers/reference/src/index.ts";
import { loadDescriptor, underProfile } from "../brokers/descriptor.ts";
import type { BrokerSettings } from "../brokers/settings.ts";
import type { ConfiguredBroker } from "./configured.ts";
import type { ProfileName, StartedTarget } from "./target.ts";

export async function startEmbeddedTarget(profile: ProfileName): Promise<StartedTarget> {
  const descriptor = underProfile(loadDescriptor("reference"), profile);
  const broker = await startBroker({ profile });
  return {
    info: { kind: "embedded", host: broker.host, port: broker.port, descriptor, profile },
    stop: () => broker.stop(),
  };
}

/**
 * A reference broker with a scenario's settings: the suite's vocabulary is the broker's own, so
 * the settings pass through as they are.
 */
export async function startConfiguredReferenceBroker(profile: ProfileName, settings: BrokerSettings): Promise<ConfiguredBroker> {
  const broker = await startBroker({ ...(settings as BrokerOptions), profile });
  return { host: broker.host, port: broker.port, disconnectClient: async (clientId) => broker.disconnectClient(clientId), stop: () => broker.stop() };
}
