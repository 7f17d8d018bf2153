// The byte streams a test client can speak MQTT over: TCP, TLS, and WebSocket (plain or TLS),
// each opened within a bound and able to end abruptly (a device losing power).
import { connect as connectTcp, isIP, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { connect as connectTls, type TLSSocket } from "node:tls";
import { createWebSocketStream, WebSocket } from "ws";

export const transports = ["tcp", "tls", "ws", "wss"] as const;
export type TransportKind = (typeof transports)[number];

export interface TlsMaterial {
  /** PEM text of the CA that signed the broker's certificate (default: the system's CAs). */
  ca?: string;
  /** PEM text of a client certificate and its key, for brokers that authenticate clients by certificate. */
  cert?: string;
  key?: string;
  /** Server Name Indication sent: the host by default; null sends none [TRN-02]. */
  servername?: string | null;
  /** ALPN protocols offered, in order [TRN-06]. */
  alpn?: string[];
  /** Offer exactly this TLS version [TRN-01] (older ones need OpenSSL's security level 0 on the client). */
  version?: TlsVersion;
}

export const tlsVersions = ["TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export type TlsVersion = (typeof tlsVersions)[number];

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
  /** What was agreed: TLS version, ALPN protocol, WebSocket subprotocol. */
  agreed: { tlsVersion?: string; alpnProtocol?: string; subprotocol?: string };
  /** WebSocket only: sends a Close frame, the WebSocket's own goodbye [TRN-05]. */
  closeFrame?(): void;
  /** WebSocket only: sends a text frame, which MQTT does not allow [MQTT-6.0.0-1]. */
  sendText?(text: string): void;
  /** WebSocket only: how many text frames the broker sent (MQTT allows none). */
  textFramesReceived?(): number;
}

/** Client TLS options for the material: SNI as asked, ALPN, and one exact version when asked. */
function tlsOptionsFor(address: BrokerAddress) {
  const material = address.tls ?? {};
  const servername =
    material.servername === null
      ? undefined
      : (material.servername ?? (isIP(address.host) ? undefined : address.host));
  const version = material.version ? { minVersion: material.version, maxVersion: material.version } : {};
  // TLS 1.1 is refused by OpenSSL's default security level on this side too: lower it to offer it
  const ciphers = material.version === "TLSv1.1" ? { ciphers: "DEFAULT@SECLEVEL=0" } : {};
  return {
    ca: material.ca,
    cert: material.cert,
    key: material.key,
    servername,
    ALPNProtocols: material.alpn,
    ...version,
    ...ciphers,
  };
}

function describeAddress(address: BrokerAddress): string {
  const kind = address.transport ?? "tcp";
  return kind === "tcp"
    ? `${address.host}:${address.port}`
    : `${kind}://${address.host}:${address.port}${address.path ?? ""}`;
}

function socketTransport(socket: Socket | TLSSocket): Transport {
  socket.setNoDelay(true);
  const agreed =
    "getProtocol" in socket
      ? { tlsVersion: socket.getProtocol() ?? undefined, alpnProtocol: socket.alpnProtocol || undefined }
      : {};
  return { stream: socket, abort: () => socket.resetAndDestroy(), agreed };
}

/** Opens the byte stream; rejects with one line if the broker cannot be reached in time. */
export function openTransport(address: BrokerAddress, timeoutMs: number): Promise<Transport> {
  const where = describeAddress(address);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      reject(new Error(`cannot reach the broker at ${where}: ${reason}`));
    };
    const succeed = (transport: Transport): void => {
      if (settled) return transport.abort();
      settled = true;
      clearTimeout(deadline);
      resolve(transport);
    };
    const deadline = setTimeout(() => {
      fail(`no connection within ${timeoutMs} ms`);
      abortPending();
    }, timeoutMs);
    let abortPending = (): void => {};
    const kind = address.transport ?? "tcp";
    if (kind === "tcp" || kind === "tls") {
      const socket =
        kind === "tcp"
          ? connectTcp({ host: address.host, port: address.port })
          : connectTls({ host: address.host, port: address.port, ...tlsOptionsFor(address) });
      abortPending = () => socket.destroy();
      socket.once(kind === "tcp" ? "connect" : "secureConnect", () => {
        socket.removeAllListeners("error");
        succeed(socketTransport(socket));
      });
      socket.once("error", (error) => fail(error.message));
      return;
    }
    const url = `${kind}://${address.host}:${address.port}${address.path ?? "/mqtt"}`;
    const webSocket = new WebSocket(url, "mqtt", kind === "wss" ? tlsOptionsFor(address) : {});
    abortPending = () => webSocket.terminate();
    let textFrames = 0;
    webSocket.on("message", (_data, isBinary) => {
      if (!isBinary) textFrames++;
    });
    webSocket.once("open", () => {
      webSocket.removeAllListeners("error");
      const stream = createWebSocketStream(webSocket);
      // a Close frame or a dropped connection ends the stream on both sides, as a socket's close does
      stream.on("error", () => stream.destroy());
      webSocket.once("close", () => stream.destroy());
      succeed({
        stream,
        abort: () => webSocket.terminate(),
        agreed: { subprotocol: webSocket.protocol || undefined },
        closeFrame: () => webSocket.close(1000),
        sendText: (text) => webSocket.send(text, { binary: false }),
        textFramesReceived: () => textFrames,
      });
    });
    webSocket.once("error", (error) => fail(error.message));
  });
}
