// The driver over TLS and WebSocket: the same MQTT bytes, whatever carries them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { generate } from "mqtt-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { MqttTestClient } from "../../support/driver/client.ts";
import { parseBrokerUrl } from "../../support/targets/external.ts";

const connack = generate({ cmd: "connack", sessionPresent: false, returnCode: 0 });

describe("parseBrokerUrl", () => {
  it.each([
    ["mqtt://127.0.0.1", { host: "127.0.0.1", port: 1883, transport: "tcp" }],
    ["mqtts://broker.local:8884", { host: "broker.local", port: 8884, transport: "tls" }],
    ["ws://[::1]:8080", { host: "::1", port: 8080, transport: "ws", path: "/mqtt" }],
    ["wss://127.0.0.1:443/custom", { host: "127.0.0.1", port: 443, transport: "wss", path: "/custom" }],
  ])("%s", (url, address) => {
    expect(parseBrokerUrl(url)).toEqual({ path: undefined, ...address });
  });
});

describe("over TLS", () => {
  let ca: string;
  let port: number;
  const server = { close: () => {} };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "mqtt-conformance-tls-"));
    // a self-signed certificate for 127.0.0.1, made for this test only
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    ca = readFileSync(join(dir, "cert.pem"), "utf8");
    const tls = createTlsServer({ key: readFileSync(join(dir, "key.pem")), cert: ca }, (socket) =>
      socket.on("data", () => socket.write(connack)),
    );
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    port = (tls.address() as AddressInfo).port;
    server.close = () => tls.close();
  });
  afterAll(() => server.close());

  it("connects when given the CA", async () => {
    const client = await MqttTestClient.open(
      { host: "127.0.0.1", port, transport: "tls", tls: { ca } },
      { name: "tls", protocolVersion: 4 },
    );
    expect((await client.connect({ clientId: "t" }, 2000)).returnCode).toBe(0);
    client.dispose();
  });

  it("refuses a certificate it cannot verify, in one line", async () => {
    await expect(
      MqttTestClient.open({ host: "127.0.0.1", port, transport: "tls" }, { name: "tls", protocolVersion: 4 }),
    ).rejects.toThrow(/^cannot reach the broker at tls:\/\/127\.0\.0\.1:\d+: self.signed certificate$/);
  });
});

describe("over WebSocket", () => {
  let port: number;
  let server: WebSocketServer;
  const protocols: string[] = [];

  beforeAll(async () => {
    server = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/mqtt" });
    server.on("connection", (socket) => {
      protocols.push(socket.protocol);
      socket.on("message", () => socket.send(connack));
    });
    await new Promise((resolve) => server.once("listening", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it("speaks MQTT in binary frames with the mqtt subprotocol", async () => {
    const client = await MqttTestClient.open(
      { host: "127.0.0.1", port, transport: "ws", path: "/mqtt" },
      { name: "ws", protocolVersion: 4 },
    );
    expect((await client.connect({ clientId: "w" }, 2000)).returnCode).toBe(0);
    expect(protocols).toEqual(["mqtt"]);
    client.drop();
  });
});
