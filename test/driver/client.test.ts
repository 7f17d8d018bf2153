// The raw driver against a scripted TCP peer: what it sends, how it waits, what it logs, and how
// it reports a broker closing the connection.
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { generate, type Packet } from "mqtt-packet";
import { afterEach, describe, expect, it } from "vitest";
import { MqttTestClient } from "../../support/driver/client.ts";
import { ExpectationError } from "../../support/driver/expectation-error.ts";
import { isPublishOn } from "../../support/driver/predicates.ts";

interface Peer {
  server: Server;
  port: number;
  socket: Promise<Socket>;
  received: Buffer[];
}

let peer: Peer | undefined;

async function startPeer(): Promise<Peer> {
  const received: Buffer[] = [];
  let accept!: (socket: Socket) => void;
  const socket = new Promise<Socket>((resolve) => (accept = resolve));
  const server = createServer((connection) => {
    connection.on("data", (chunk) => received.push(chunk));
    accept(connection);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, socket, received };
}

async function clientFor(version: 4 | 5 = 4): Promise<{ client: MqttTestClient; socket: Socket }> {
  peer = await startPeer();
  const client = await MqttTestClient.open(
    { host: "127.0.0.1", port: peer.port },
    { name: "device", protocolVersion: version },
  );
  return { client, socket: await peer.socket };
}

const publish = (topic: string, payload: string, qos: 0 | 1 = 0, messageId?: number): Packet => ({
  cmd: "publish",
  topic,
  payload: Buffer.from(payload),
  qos,
  retain: false,
  dup: false,
  ...(messageId ? { messageId } : {}),
});

afterEach(async () => {
  if (peer) await new Promise((resolve) => peer!.server.close(resolve));
  peer = undefined;
});

describe("MqttTestClient", () => {
  it("sends packets encoded by mqtt-packet in its protocol version", async () => {
    const { client } = await clientFor(5);
    client.send({ cmd: "pingreq" });
    await expect.poll(() => Buffer.concat(peer!.received).toString("hex")).toBe("c000");
    client.dispose();
  });

  it("sends raw bytes as given and logs them in hex", async () => {
    const { client } = await clientFor();
    client.sendRaw(Buffer.from([0x82, 0x02, 0x00, 0x01]), "SUBSCRIBE without a filter");
    await expect.poll(() => Buffer.concat(peer!.received).toString("hex")).toBe("82020001");
    expect(client.log.format()).toContain("raw: SUBSCRIBE without a filter (82 02 00 01)");
    client.dispose();
  });

  it("finds a packet that arrived before the wait, and claims it so a second wait needs another", async () => {
    const { client, socket } = await clientFor();
    socket.write(generate(publish("a/b", "first")));
    await expect.poll(() => client.packets.length).toBe(1);
    const found = await client.waitFor("first", isPublishOn("a/b"), 500);
    expect(found.payload.toString()).toBe("first");
    await expect(client.waitFor("another on a/b", isPublishOn("a/b"), 100)).rejects.toThrow(
      /expected another on a\/b within 100 ms/,
    );
    client.dispose();
  });

  it("matches by content across split and coalesced TCP chunks", async () => {
    const { client, socket } = await clientFor();
    const bytes = Buffer.concat([generate(publish("x", "one")), generate(publish("y", "two"))]);
    socket.write(bytes.subarray(0, 3));
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the first fragment arrive alone
    socket.write(bytes.subarray(3));
    await client.waitFor("two on y", isPublishOn("y", "two"), 500);
    await client.waitFor("one on x", isPublishOn("x", "one"), 500);
    client.dispose();
  });

  it("fails a wait with the expectation and the decoded packet log", async () => {
    const { client, socket } = await clientFor();
    socket.write(generate(publish("other", "noise")));
    const error = await client.waitFor("PUBLISH on a/b", isPublishOn("a/b"), 50).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExpectationError);
    const message = (error as Error).message;
    expect(message).toMatch(/^device: expected PUBLISH on a\/b within 50 ms/);
    expect(message).toMatch(/\+\s*\d+ms ← PUBLISH topic="other" qos=0 retain=0 dup=0 payload="noise"/);
    client.dispose();
  });

  it("logs bytes it cannot decode as hex", async () => {
    const { client, socket } = await clientFor();
    socket.write(Buffer.from([0x00, 0x00])); // packet type 0 is reserved
    await expect
      .poll(() => client.log.entries.some((entry) => entry.note !== undefined && entry.bytes !== undefined))
      .toBe(true);
    expect(client.log.format()).toContain("undecodable bytes: 00 00");
    client.dispose();
  });

  it("asserts absence over a quiet period and lists what arrived anyway", async () => {
    const { client, socket } = await clientFor();
    await client.expectNothing("PUBLISH on a/b", isPublishOn("a/b"), 30);
    socket.write(generate(publish("a/b", "late")));
    await expect(client.expectNothing("PUBLISH on a/b", isPublishOn("a/b"), 50)).rejects.toThrow(
      /expected no PUBLISH on a\/b within 50 ms, got:\n.*payload="late"/,
    );
    client.dispose();
  });

  it("names the undecodable bytes the broker sent when a wait times out", async () => {
    const { client, socket } = await clientFor();
    socket.write(Buffer.from("900300028f", "hex")); // SUBACK with 0x8F, which MQTT 3.1.1 does not define
    await expect(client.waitFor("SUBACK", (packet): packet is Packet => packet.cmd === "suback", 50)).rejects.toThrow(
      /expected SUBACK within 50 ms, but received undecodable bytes 90 03 00 02 8f \(.+\)/,
    );
    client.dispose();
  });

  it("acknowledges QoS 1 by default and withholds PUBACK when told", async () => {
    const { client, socket } = await clientFor();
    socket.write(generate(publish("q", "one", 1, 5)));
    await expect.poll(() => Buffer.concat(peer!.received).toString("hex")).toBe("40020005");
    client.autoAcknowledge = false;
    socket.write(generate(publish("q", "two", 1, 6)));
    await client.waitFor("two", isPublishOn("q", "two"), 500);
    await new Promise((resolve) => setTimeout(resolve, 50)); // quiet period: no PUBACK for id 6
    expect(Buffer.concat(peer!.received).toString("hex")).toBe("40020005");
    client.dispose();
  });

  it("reports a close by the broker with the DISCONNECT reason it sent first", async () => {
    const { client, socket } = await clientFor(5);
    socket.end(generate({ cmd: "disconnect", reasonCode: 0x8e }, { protocolVersion: 5 }));
    const closed = await client.waitForClose(1000);
    expect(closed.by).toBe("broker");
    expect(closed.disconnect?.reasonCode).toBe(0x8e);
    await expect(client.waitFor("anything", isPublishOn("a"), 1000)).rejects.toThrow(
      /connection was closed by the broker after DISCONNECT reason=0x8E/,
    );
  });

  it("disconnects gracefully with a reason code in MQTT 5", async () => {
    const { client } = await clientFor(5);
    await client.disconnect(1000, 0x04);
    await expect.poll(() => Buffer.concat(peer!.received).toString("hex")).toBe("e0020400");
    expect(client.closed?.by).toBe("client");
  });

  it("drops the socket without DISCONNECT", async () => {
    const { client, socket } = await clientFor();
    const peerClosed = new Promise((resolve) => socket.on("close", resolve));
    socket.on("error", () => {}); // a reset is reported as ECONNRESET
    client.drop();
    await peerClosed;
    expect(peer!.received).toHaveLength(0);
    expect(client.log.format()).toContain("socket dropped without DISCONNECT");
  });

  it("fails to open with one line when nothing listens", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    await expect(MqttTestClient.open({ host: "127.0.0.1", port }, { name: "x", protocolVersion: 4 })).rejects.toThrow(
      /^cannot reach the broker at 127\.0\.0\.1:\d+: connect ECONNREFUSED/,
    );
  });
});
