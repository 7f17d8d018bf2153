// The default target: the reference broker started in-process on a free loopback port, with its
// own defaults (those its descriptor declares), and brokers of a scenario's own with its settings.
// Every one opens its TLS, X.509, WebSocket and (under aws-iot-core) shared TLS listeners with the
// run's test PKI. The only suite module that imports the reference broker.
import { startBroker, type BrokerOptions, type StartedReferenceBroker } from "../../brokers/reference/src/index.ts";
import { loadDescriptor, underProfile } from "../brokers/descriptor.ts";
import type { BrokerSettings } from "../brokers/settings.ts";
import { makeTestPki, type TestPki } from "../tls/pki.ts";
import type { ConfiguredBroker } from "./configured.ts";
import { endpointsOf, type Endpoints } from "./endpoints.ts";
import type { ProfileName, StartedTarget } from "./target.ts";

/** Every listener on a free port, serving the PKI's server certificate and trusting its CA. */
function transportOptions(pki: TestPki): BrokerOptions["transport"] {
  return {
    tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca },
    tlsPort: 0,
    x509Port: 0,
    wssPort: 0,
    wsPort: 0,
    sharedPort: 0,
  };
}

function endpointsOfBroker(broker: StartedReferenceBroker): Endpoints {
  return endpointsOf(broker.host, broker.transportPorts);
}

export async function startEmbeddedTarget(profile: ProfileName): Promise<StartedTarget> {
  const descriptor = underProfile(loadDescriptor("reference"), profile);
  const pki = makeTestPki();
  const broker = await startBroker({ profile, transport: transportOptions(pki) });
  return {
    info: {
      kind: "embedded",
      host: broker.host,
      port: broker.port,
      endpoints: endpointsOfBroker(broker),
      pki,
      descriptor,
      profile,
    },
    stop: () => broker.stop(),
  };
}

/**
 * A reference broker with a scenario's settings: the suite's vocabulary is the broker's own, so
 * the settings pass through as they are.
 */
export async function startConfiguredReferenceBroker(
  profile: ProfileName,
  settings: BrokerSettings,
  pki: TestPki | undefined,
): Promise<ConfiguredBroker> {
  const transport = pki ? { transport: transportOptions(pki) } : {};
  const broker = await startBroker({ ...(settings as BrokerOptions), ...transport, profile });
  return {
    host: broker.host,
    port: broker.port,
    endpoints: endpointsOfBroker(broker),
    disconnectClient: async (clientId) => broker.disconnectClient(clientId),
    stop: () => broker.stop(),
  };
}
