// A stand-in broker that breaks one rule on purpose: a TCP proxy in front of the reference broker
// that changes what the broker sends a client. The suite's own checks must catch each fault, and
// pass the same scenario without it.
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { generate, parser as createParser, type Packet } from "mqtt-packet";

export type Fault =
  /** keeps a client's connection open 1.5 x its keep-alive longer than the broker did */
  | "late-close"
  /** closes a client's connection at 0.5 x its keep-alive of silence */
  | "early-close"
  /** gives every PUBLISH to an MQTT 5 client a Topic Alias it never allowed */
  | "topic-alias"
  /** drops a PUBLISH whose size is exactly the Maximum Packet Size its client announced */
  | "boundary"
  /** passes everything through unchanged */
  | "none";

export interface FaultyProxy {
  port: number;
  close(): Promise<void>;
}

/** Decodes a byte stream into packets in one protocol version, each with its bytes re-encoded. */
function packetsOf(onPacket: (packet: Packet, bytes: Buffer) => void, version: 4 | 5) {
  const parser = createParser({ protocolVersion: version });
  parser.on("packet", (packet: Packet) => onPacket(packet, generate(packet, { protocolVersion: version })));
  return (chunk: Buffer): void => {
    parser.parse(chunk);
  };
}

export async function startFaultyProxy(upstreamPort: number, fault: Fault): Promise<FaultyProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const broker = connect(upstreamPort, "127.0.0.1");
    sockets.add(client).add(broker);
    let version: 4 | 5 = 4;
    let keepAliveMs = 0;
    let maximumPacketSize: number | undefined;
    let silence: NodeJS.Timeout | undefined;
    const armEarlyClose = (): void => {
      if (fault !== "early-close" || keepAliveMs === 0) return;
      clearTimeout(silence);
      silence = setTimeout(() => client.destroy(), keepAliveMs / 2);
    };
    client.on("data", (chunk: Buffer) => {
      // the first packet is CONNECT: its version, keep-alive and Maximum Packet Size say what to break
      if (keepAliveMs === 0 && chunk[0] >> 4 === 1) {
        const probe = createParser({ protocolVersion: 5 });
        probe.on("packet", (packet: Packet) => {
          if (packet.cmd !== "connect") return;
          version = packet.protocolVersion === 5 ? 5 : 4;
          keepAliveMs = (packet.keepalive ?? 0) * 1000;
          maximumPacketSize = packet.properties?.maximumPacketSize;
        });
        probe.parse(chunk);
      }
      armEarlyClose();
      broker.write(chunk);
    });
    const rewrite = (packet: Packet, bytes: Buffer): void => {
      if (packet.cmd === "publish" && fault === "topic-alias" && version === 5) {
        client.write(
          generate({ ...packet, properties: { ...packet.properties, topicAlias: 1 } }, { protocolVersion: 5 }),
        );
        return;
      }
      if (packet.cmd === "publish" && fault === "boundary" && bytes.length === maximumPacketSize) return;
      client.write(bytes);
    };
    // decoded once the CONNECT said which version the connection speaks
    let toClient: ((chunk: Buffer) => void) | undefined;
    broker.on("data", (chunk: Buffer) => {
      if (fault !== "topic-alias" && fault !== "boundary") return client.write(chunk);
      toClient ??= packetsOf(rewrite, version);
      toClient(chunk);
    });
    broker.on("close", () => {
      if (fault === "late-close") setTimeout(() => client.destroy(), keepAliveMs * 1.5);
      else client.destroy();
    });
    client.on("close", () => {
      clearTimeout(silence);
      broker.destroy();
    });
    client.on("error", () => broker.destroy());
    broker.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
