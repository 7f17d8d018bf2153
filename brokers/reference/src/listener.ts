// The TCP listener: every accepted socket becomes a connection of the broker. A TLS or WebSocket
// listener would hand the broker its own byte streams the same way.
import { createServer, type AddressInfo, type Server } from "node:net";
import type { Broker } from "./broker.ts";

export interface Listener {
  readonly port: number;
  /** Stops accepting connections; resolves once the server is closed. */
  close(): Promise<void>;
}

export async function listenTcp(broker: Broker, host: string, port: number): Promise<Listener> {
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    broker.accept(socket, `${socket.remoteAddress}:${socket.remotePort}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // once listening, a server error (rare: file descriptors exhausted) is logged, not thrown
  server.on("error", (error) => broker.reportInternalError("the TCP listener", error));
  const closed = new Promise<void>((resolve) => server.once("close", () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      server.close();
      return closed;
    },
  };
}
