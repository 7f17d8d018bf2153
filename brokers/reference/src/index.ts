// The reference broker's entry point: `startBroker(options)` listens on TCP and returns its port,
// an administrative API, and `stop()`. Used in-process by the suite, by the CLI and in the image.
import { createServer, type AddressInfo } from "node:net";
import { startAdminApi } from "./admin.ts";
import { Broker } from "./broker.ts";
import { resolveConfig, type BrokerConfig, type BrokerOptions } from "./config.ts";
import { ClientConnection } from "./connection.ts";
import { ReasonCode } from "./reason-codes.ts";

export { profiles, type BrokerOptions, type BrokerConfig, type Profile } from "./config.ts";

export const brokerName = "reference";
export const brokerVersion = "0.1.0";

export interface StartedReferenceBroker {
  readonly host: string;
  readonly port: number;
  readonly config: BrokerConfig;
  /** Port of the administrative HTTP API, when `adminPort` asked for one. */
  readonly adminPort: number | undefined;
  /** [RC-15] ends one client's connection with DISCONNECT 0x98 Administrative action. */
  disconnectClient(clientId: string): boolean;
  /** [RC-15] closes every connection (v5: DISCONNECT 0x8B Server shutting down) and the listener. */
  stop(): Promise<void>;
}

export async function startBroker(options: BrokerOptions = {}): Promise<StartedReferenceBroker> {
  const config = resolveConfig(options);
  const broker = new Broker(config);
  const server = createServer((socket) => {
    broker.sockets.add(new ClientConnection(socket, broker));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  broker.log(`listening on ${config.host}:${port} (profile ${config.profile})`);

  const disconnectClient = (clientId: string): boolean => {
    const connection = broker.connections.get(clientId);
    connection?.close("administrative-action", ReasonCode.AdministrativeAction, "disconnected by an administrator");
    return connection !== undefined;
  };
  const admin = config.adminPort === undefined ? undefined : await startAdminApi(config.host, config.adminPort, { disconnectClient });

  return {
    host: config.host,
    port,
    config,
    adminPort: admin?.port,
    disconnectClient,
    async stop() {
      admin?.server.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of [...broker.sockets]) {
        connection.close("server-shutting-down", ReasonCode.ServerShuttingDown, "the broker is stopping");
      }
      broker.wills.clear();
      broker.rules.stop();
      for (const session of [...broker.sessions.all()]) broker.endSession(session);
      await closed;
    },
  };
}
