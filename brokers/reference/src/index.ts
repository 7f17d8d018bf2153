// The reference broker's entry point: `startBroker(options)` listens on TCP and returns its port,
// an administrative API, and `stop()`. Used in-process by the suite, by the CLI and in the image.
import { startAdminApi } from "./admin.ts";
import { Broker, type BrokerStats, type BrokerStores } from "./broker.ts";
import { resolveConfig, type BrokerConfig, type BrokerOptions } from "./config.ts";
import { dataPlaneApi } from "./http-api/data-plane.ts";
import { TimestampedRetainedStore } from "./http-api/retained-times.ts";
import { listenTcp } from "./listener.ts";
import { ReasonCode } from "./reason-codes.ts";
import { MemoryRetainedStore } from "./retained/retained-store.ts";
import { MemorySessionStore } from "./sessions/session-store.ts";
import { listenTransports } from "./transport/secure-listeners.ts";

export { profiles, type BrokerOptions, type BrokerConfig, type Profile } from "./config.ts";
export type { BrokerStats, BrokerStores } from "./broker.ts";

export const brokerName = "reference";
export const brokerVersion = "0.1.0";

export interface StartedReferenceBroker {
  readonly host: string;
  readonly port: number;
  readonly config: BrokerConfig;
  /** Port of the administrative HTTP API, when `adminPort` asked for one. */
  readonly adminPort: number | undefined;
  /** [TRN-01..06] ports of the TLS, X.509, WSS, WebSocket and shared TLS listeners that `transport` asked for. */
  readonly transportPorts: { tls?: number; x509?: number; wss?: number; ws?: number; shared?: number };
  /** [RC-15] ends one client's connection with DISCONNECT 0x98 Administrative action. */
  disconnectClient(clientId: string): boolean;
  /** Counters: connections, sessions, retained and queued messages, internal errors. */
  stats(): BrokerStats;
  /** [RC-15] closes every connection (v5: DISCONNECT 0x8B Server shutting down) and the listener. */
  stop(): Promise<void>;
}

/**
 * Starts the broker. `stores` replaces where sessions and retained messages are kept (default:
 * in memory, for the life of the process).
 */
export async function startBroker(
  options: BrokerOptions = {},
  stores: Partial<BrokerStores> = {},
): Promise<StartedReferenceBroker> {
  const config = resolveConfig(options);
  // [API-04] lastModifiedTime
  const retained = new TimestampedRetainedStore(stores.retained ?? new MemoryRetainedStore());
  const broker = new Broker(config, { sessions: stores.sessions ?? new MemorySessionStore(), retained });
  const listener = await listenTcp(broker, config.host, config.port);
  const transports = await listenTransports(broker, config.host, config.transport, dataPlaneApi(broker, retained));
  broker.log(`listening on ${config.host}:${listener.port} (profile ${config.profile})`);

  const disconnectClient = (clientId: string): boolean =>
    broker.disconnect(
      clientId,
      "administrative-action",
      ReasonCode.AdministrativeAction,
      "disconnected by an administrator",
    );
  const admin =
    config.adminPort === undefined
      ? undefined
      : await startAdminApi(config.host, config.adminPort, { disconnectClient });

  return {
    host: config.host,
    port: listener.port,
    config,
    adminPort: admin?.port,
    transportPorts: Object.fromEntries(Object.entries(transports).map(([name, opened]) => [name, opened.port])),
    disconnectClient,
    stats: () => broker.stats(),
    async stop() {
      admin?.server.close();
      const closed = [listener, ...Object.values(transports)].map((opened) => opened.close());
      broker.shutdown();
      await Promise.all(closed);
    },
  };
}
