// Clients for load runs, on the lean socket of the fuzz support: MQTT 3.1.1 (every broker in the
// comparison speaks it), publishers that write pre-encoded packets in batches, and subscribers
// that only count what arrives (or decode it, to acknowledge QoS 1).
import { generate, type IPublishPacket } from "mqtt-packet";
import { MqttSocket, type SocketAddress } from "../support/fuzz/mqtt-socket.ts";

let clients = 0;

export interface LoadClientOptions {
  /** Decode incoming packets (needed to acknowledge QoS 1); counting is cheaper. */
  decode?: boolean;
  clientId?: string;
}

/** A connected MQTT 3.1.1 client, CONNACK received. */
export async function connected(address: SocketAddress, options: LoadClientOptions = {}): Promise<MqttSocket> {
  const client = await MqttSocket.open(address, { protocolVersion: 4, decode: options.decode ?? false });
  client.send({
    cmd: "connect",
    protocolId: "MQTT",
    protocolVersion: 4,
    clean: true,
    keepalive: 0,
    clientId: options.clientId ?? `bench-${process.pid}-${clients++}`,
  });
  await client.waitForCount(1, 10_000);
  return client;
}

/** Subscribes and waits for the SUBACK (counted as one more packet). */
export async function subscribe(client: MqttSocket, filters: readonly string[], qos: 0 | 1): Promise<void> {
  const before = client.received;
  client.send({
    cmd: "subscribe",
    messageId: 1 + (before % 65000),
    subscriptions: filters.map((topic) => ({ topic, qos })),
  });
  await client.waitForCount(before + 1, 30_000);
}

/** `count` PUBLISH packets, encoded once and concatenated, ready to write. */
export function publishBatch(
  topic: string,
  payload: Buffer,
  qos: 0 | 1,
  count: number,
  firstId = 1,
  retainTopics?: (index: number) => string,
): Buffer {
  const packets: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const packet: IPublishPacket = {
      cmd: "publish",
      topic: retainTopics ? retainTopics(index) : topic,
      payload,
      qos,
      retain: retainTopics !== undefined,
      dup: false,
      ...(qos === 1 ? { messageId: 1 + ((firstId + index) % 65535) } : {}),
    };
    packets.push(generate(packet, { protocolVersion: 4 }));
  }
  return Buffer.concat(packets);
}
