// The CONNECT probe before a run: an MQTT broker answers it; a server that accepts the connection
// and stays silent, or closes it, is reported in one line within the bound.
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startBroker } from "../../brokers/reference/src/index.ts";
import { loadDescriptor } from "../../support/brokers/descriptor.ts";
import { probeConnect } from "../../support/run/probe.ts";
import type { TargetInfo } from "../../support/targets/target.ts";

const descriptor = loadDescriptor("reference");
const servers: Array<{ stop(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  servers.push({
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
}

const target = (port: number): TargetInfo => ({
  kind: "external",
  host: "127.0.0.1",
  port,
  descriptor,
  profile: "aws-iot-core",
});

describe("probeConnect", () => {
  it("gets CONNACK from a broker", async () => {
    const broker = await startBroker({ profile: "aws-iot-core" });
    servers.push(broker);
    await expect(probeConnect(target(broker.port))).resolves.toEqual({ code: 0 });
  });

  it("reports a server that accepts the connection but never answers CONNECT, within the bound", async () => {
    const port = await listen(() => {});
    const started = Date.now();
    const question = "is it an MQTT broker, and is this its MQTT port?";
    await expect(probeConnect(target(port), 500)).rejects.toThrow(
      `reference at 127.0.0.1:${port} accepted the connection but did not answer CONNECT within 0.5 s: ${question}`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("reports a server that closes the connection instead of answering", async () => {
    const port = await listen((socket) => socket.once("data", () => socket.destroy()));
    await expect(probeConnect(target(port), 2000)).rejects.toThrow(
      /closed the connection instead of answering CONNECT \(MQTT 3\.1\.1\)/,
    );
  });
});
