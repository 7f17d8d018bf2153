// The listeners beyond plain TCP [TRN-01..06]: MQTT over TLS (server authenticated), MQTT over
// TLS with a required client certificate, MQTT over WebSocket (TLS or plain), and, under
// aws-iot-core, the shared TLS port that dispatches on ALPN: `x-amzn-mqtt-ca` is MQTT, anything
// else HTTPS (the data-plane API) and WSS. Every TLS listener speaks TLS 1.2 and 1.3 only
// [TRN-01]; under aws-iot-core a handshake without Server Name Indication fails [TRN-02]: the
// certificate is offered only to a client that names the server.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type RequestListener,
  type Server as HttpServer,
} from "node:http";
import type { AddressInfo, Server, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { createSecureContext, createServer as createTlsServer, type TLSSocket, type TlsOptions } from "node:tls";
import { WebSocketServer } from "ws";
import type { Broker } from "../broker.ts";
import type { Listener } from "../listener.ts";
import { mqttAlpnProtocol, webSocketPath, type TransportOptions } from "./transport-config.ts";
import { WebSocketStream } from "./websocket-stream.ts";

export interface TransportListeners {
  tls?: Listener;
  x509?: Listener;
  wss?: Listener;
  ws?: Listener;
  shared?: Listener;
}

/** The HTTPS data-plane API's request handler, when the broker has one [API-01..06]. */
export type HttpsApi = RequestListener;

function peerOf(socket: Socket): string {
  return `${socket.remoteAddress}:${socket.remotePort}`;
}

/** [TRN-03] the common name of a client certificate the handshake verified, or undefined. */
export function verifiedCertificateName(socket: TLSSocket): string | undefined {
  if (!socket.authorized) return undefined;
  const subject = socket.getPeerCertificate()?.subject as Record<string, string | string[]> | undefined;
  const commonName = subject?.CN;
  return Array.isArray(commonName) ? commonName[0] : commonName;
}

/**
 * TLS options of every TLS listener: 1.2 and 1.3 only; under aws-iot-core the certificate only for
 * a client sending SNI.
 */
function tlsOptions(
  broker: Broker,
  material: NonNullable<TransportOptions["tls"]>,
  clientCertificates: "none" | "required" | "requested",
): TlsOptions {
  const versions = { minVersion: "TLSv1.2", maxVersion: "TLSv1.3" } as const; // [TRN-01]
  const identity = { cert: material.cert, key: material.key };
  const clients: TlsOptions =
    clientCertificates === "none"
      ? {}
      : { ca: material.ca, requestCert: true, rejectUnauthorized: clientCertificates === "required" };
  if (broker.profile !== "aws-iot-core") return { ...versions, ...identity, ...clients };
  // [TRN-02] no certificate in the default context: a handshake that names no server finds none
  const named = createSecureContext({
    ...versions,
    ...identity,
    ...(clientCertificates === "none" ? {} : { ca: material.ca }),
  });
  return { ...versions, ...clients, SNICallback: (_servername, callback) => callback(null, named) };
}

/** Listens; `http` is the HTTP server the listener feeds, whose idle keep-alive connections a close ends. */
async function listen(
  server: Server,
  broker: Broker,
  host: string,
  port: number,
  what: string,
  http?: HttpServer,
): Promise<Listener> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => broker.reportInternalError(`the ${what} listener`, error));
  const closed = new Promise<void>((resolve) => server.once("close", () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      server.close();
      http?.closeAllConnections();
      return closed;
    },
  };
}

/**
 * MQTT over TLS: every verified handshake becomes a connection; a client certificate, when verified, its principal.
 */
function mqttOverTls(broker: Broker, options: TlsOptions) {
  const server = createTlsServer(options, (socket) => {
    socket.setNoDelay(true);
    broker.accept(socket, peerOf(socket), verifiedCertificateName(socket));
  });
  // a refused handshake (no SNI, old TLS, unknown CA) is the client's failure, not the broker's
  server.on("tlsClientError", (error, socket) => {
    broker.log(`TLS handshake from ${peerOf(socket)} refused: ${error.message.split("\n")[0]}`);
  });
  return server;
}

/** Upgrades `GET /mqtt` with the subprotocol `mqtt` to an MQTT connection [MQTT-6.0.0-4]; anything else is refused. */
function webSocketUpgrades(broker: Broker) {
  const webSockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has("mqtt") ? "mqtt" : false),
  });
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const offered = (request.headers["sec-websocket-protocol"] ?? "").split(",").map((name) => name.trim());
    if (new URL(request.url ?? "/", "http://broker").pathname !== webSocketPath || !offered.includes("mqtt")) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      return;
    }
    const tcp = request.socket;
    const certificateName = "getPeerCertificate" in tcp ? verifiedCertificateName(tcp as TLSSocket) : undefined;
    webSockets.handleUpgrade(request, socket, head, (webSocket) => {
      let connection: ReturnType<Broker["accept"]> | undefined;
      // [TRN-05] a Close frame from the client ends the connection as a DISCONNECT would
      const stream = new WebSocketStream(webSocket, () =>
        broker.guard.run("WebSocket close", () => connection?.close("client-disconnect")),
      );
      connection = broker.accept(stream, peerOf(tcp), certificateName);
    });
  };
}

function notFound(_request: IncomingMessage, response: import("node:http").ServerResponse): void {
  response
    .writeHead(404, { "content-type": "application/json" })
    .end(JSON.stringify({ message: "MQTT over WebSocket is served on /mqtt" }));
}

/** MQTT over WebSocket on an HTTP server (plain, or fed TLS sockets). */
function webSocketServer(broker: Broker, api: HttpsApi | undefined): HttpServer {
  const server = createHttpServer(api ?? notFound);
  server.on("upgrade", webSocketUpgrades(broker));
  return server;
}

/** Opens the listeners the options ask for; a TLS listener without TLS material is a configuration error. */
export async function listenTransports(
  broker: Broker,
  host: string,
  options: TransportOptions,
  api: HttpsApi | undefined,
): Promise<TransportListeners> {
  const { tls: material } = options;
  const wantsTls = [options.tlsPort, options.x509Port, options.wssPort, options.sharedPort].some(
    (port) => port !== undefined,
  );
  if (wantsTls && !material) throw new Error("a TLS or WSS listener needs transport.tls (certificate and key)");
  if (options.x509Port !== undefined && !material?.ca)
    throw new Error("the X.509 listener needs transport.tls.ca, the CA whose client certificates it trusts");
  const listeners: TransportListeners = {};
  if (options.tlsPort !== undefined)
    listeners.tls = await listen(
      mqttOverTls(broker, tlsOptions(broker, material!, "none")),
      broker,
      host,
      options.tlsPort,
      "TLS",
    );
  if (options.x509Port !== undefined)
    listeners.x509 = await listen(
      mqttOverTls(broker, tlsOptions(broker, material!, "required")),
      broker,
      host,
      options.x509Port,
      "X.509",
    );
  if (options.wssPort !== undefined) {
    const https = webSocketServer(broker, undefined);
    const tls = createTlsServer(tlsOptions(broker, material!, "none"), (socket) => https.emit("connection", socket));
    listeners.wss = await listen(tls, broker, host, options.wssPort, "WSS", https);
  }
  if (options.wsPort !== undefined) {
    const http = webSocketServer(broker, undefined);
    listeners.ws = await listen(http, broker, host, options.wsPort, "WebSocket", http);
  }
  if (options.sharedPort !== undefined && broker.profile === "aws-iot-core") {
    const http = webSocketServer(broker, api);
    listeners.shared = await listen(
      sharedPort(broker, material!, http),
      broker,
      host,
      options.sharedPort,
      "shared TLS",
      http,
    );
  }
  return listeners;
}

/**
 * [TRN-06] The shared TLS port: ALPN `x-amzn-mqtt-ca` is MQTT for a client with a verified
 * certificate; any other ALPN value (or none) is HTTP/1.1: the data-plane API and WSS.
 */
function sharedPort(broker: Broker, material: NonNullable<TransportOptions["tls"]>, http: HttpServer): Server {
  const server = createTlsServer(
    { ...tlsOptions(broker, material, "requested"), ALPNProtocols: [mqttAlpnProtocol, "http/1.1"] },
    (socket) => {
      if (socket.alpnProtocol !== mqttAlpnProtocol) {
        http.emit("connection", socket);
        return;
      }
      const certificateName = verifiedCertificateName(socket);
      if (certificateName === undefined) {
        broker.log(`MQTT over ALPN from ${peerOf(socket)} refused: no verified client certificate`);
        socket.destroy();
        return;
      }
      socket.setNoDelay(true);
      broker.accept(socket, peerOf(socket), certificateName);
    },
  );
  server.on("tlsClientError", (error, socket) =>
    broker.log(`TLS handshake from ${peerOf(socket)} refused: ${error.message.split("\n")[0]}`),
  );
  return server;
}
