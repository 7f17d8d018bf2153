// The default target: the reference broker started in-process on a free loopback port.
import { startBroker, type BrokerOptions } from "../../brokers/reference/src/index.ts";
import { loadDescriptor } from "../brokers/descriptor.ts";
import type { ProfileName, StartedTarget } from "./target.ts";

/**
 * Limits the suite's shared embedded broker runs with. The stall timeout [BAD-10] is longer than
 * any wait in a scenario, so a connection closed after a bad packet was closed for that packet and
 * not because it stalled; the BAD-10 scenario configures a broker of its own with a short one.
 */
export const embeddedSuiteOptions: BrokerOptions = {
  limits: { connectTimeoutMs: 5000 },
};

export async function startEmbeddedTarget(profile: ProfileName): Promise<StartedTarget> {
  const descriptor = loadDescriptor("reference");
  const broker = await startBroker({ ...embeddedSuiteOptions, profile });
  return {
    info: { kind: "embedded", host: broker.host, port: broker.port, descriptor, profile },
    stop: () => broker.stop(),
  };
}

/** A reference broker of the scenario's own, with the configuration the scenario declares. */
export async function startConfiguredReferenceBroker(profile: ProfileName, options: BrokerOptions) {
  return startBroker({ ...embeddedSuiteOptions, ...options, limits: { ...embeddedSuiteOptions.limits, ...options.limits }, profile });
}
