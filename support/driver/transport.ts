// The byte streams a test client can speak MQTT over: TCP, TLS, and WebSocket (plain or TLS),
// each opened within a bound and able to end abruptly (a device losing power).
import { connect as connectTcp, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { connect as connectTls } from "node:tls";
import { createWebSocketStream, WebSocket } from "ws";

export const transports = ["tcp", "tls", "ws", "wss"] as const;
export type TransportKind = (typeof transports)[number];

export interface TlsMaterial {
  /** PEM text of the CA that signed the broker's certificate (default: the system's CAs). */
  ca?: string;
  /** PEM text of a client certificate and its key, for brokers that authenticate clients by certificate. */
  cert?: string;
  key?: string;
}

export interface BrokerAddress {
  host: string;
  port: number;
  transport?: TransportKind;
  /** WebSocket path, e.g. "/mqtt". */
  path?: string;
  tls?: TlsMaterial;
}

export interface Transport {
  stream: Duplex;
  /** Ends the connection without any goodbye: a TCP reset where the platform allows. */
  abort(): void;
}

function describeAddress(address: BrokerAddress): string {
  const kind = address.transport ?? "tcp";
  return kind === "tcp" ? `${address.host}:${address.port}` : `${kind}://${address.host}:${address.port}${address.path ?? ""}`;
}

function socketTransport(socket: Socket): Transport {
  socket.setNoDelay(true);
  return { stream: socket, abort: () => socket.resetAndDestroy() };
}

/** Opens the byte stream; rejects with one line if the broker cannot be reached in time. */
export function openTransport(address: BrokerAddress, timeoutMs: number): Promise<Transport> {
  const where = describeAddress(address);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`cannot reach the broker at ${where}: ${reason}`));
    };
    const succeed = (transport: Transport): void => {
      if (settled) return transport.abort();
      settled = true;
      clearTimeout(timer);
      resolve(transport);
    };
    const timer = setTimeout(() => { // the connect deadline
      fail(`no connection within ${timeoutMs} ms`);
      abortPending();
    }, timeoutMs);
    let abortPending = (): void => {};
    const kind = address.transport ?? "tcp";
    if (kind === "tcp" || kind === "tls") {
      const socket =
        kind === "tcp"
          ? connectTcp({ host: address.host, port: address.port })
          : connectTls({ host: address.host, port: address.port, servername: address.host, ca: address.tls?.ca, cert: address.tls?.cert, key: address.tls?.key });
      abortPending = () => socket.destroy();
      socket.once(kind === "tcp" ? "connect" : "secureConnect", () => {
        socket.removeAllListeners("error");
        succeed(socketTransport(socket));
      });
      socket.once("error", (error) => fail(error.message));
      return;
    }
    const url = `${kind}://${address.host}:${address.port}${address.path ?? "/mqtt"}`;
    const webSocket = new WebSocket(url, "mqtt", { ca: address.tls?.ca, cert: address.tls?.cert, key: address.tls?.key });
    abortPending = () => webSocket.terminate();
    webSocket.once("open", () => {
      webSocket.removeAllListeners("error");
      const stream = createWebSocketStream(webSocket);
      succeed({ stream, abort: () => webSocket.terminate() });
    });
    webSocket.once("error", (error) => fail(error.message));
  });
}
