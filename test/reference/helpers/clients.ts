// Connecting test clients to a reference broker started by the test, with unique client
// identifiers, on the lean socket the fuzz and load runs use.
import type { IConnackPacket, IConnectPacket, Packet } from "mqtt-packet";
import { MqttSocket, type ProtocolVersion, type SocketAddress } from "../../../support/fuzz/mqtt-socket.ts";

let counter = 0;

/** A client identifier no other test uses. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${process.pid}-${counter++}`;
}

export const isConnack = (packet: Packet): packet is IConnackPacket => packet.cmd === "connack";
export const is =
  <C extends Packet["cmd"]>(cmd: C) =>
  (packet: Packet): packet is Extract<Packet, { cmd: C }> =>
    packet.cmd === cmd;

export function open(broker: SocketAddress, protocolVersion: ProtocolVersion): Promise<MqttSocket> {
  return MqttSocket.open(broker, { protocolVersion });
}

/** Opens a connection, sends CONNECT and waits for CONNACK (whatever its code). */
export async function connect(
  broker: SocketAddress,
  protocolVersion: ProtocolVersion,
  fields: Partial<Omit<IConnectPacket, "cmd">> = {},
): Promise<{ client: MqttSocket; connack: IConnackPacket }> {
  const client = await open(broker, protocolVersion);
  client.send({
    cmd: "connect",
    protocolId: "MQTT",
    protocolVersion,
    clean: true,
    keepalive: 60,
    clientId: uniqueId("c"),
    ...fields,
  } as IConnectPacket);
  const connack = await client.waitFor("CONNACK", isConnack, 2000);
  return { client, connack };
}

/** A connected client subscribed to `topic`, SUBACK received. */
export async function subscriber(
  broker: SocketAddress,
  protocolVersion: ProtocolVersion,
  topic: string,
  qos: 0 | 1 = 0,
  fields: Partial<Omit<IConnectPacket, "cmd">> = {},
): Promise<MqttSocket> {
  const { client } = await connect(broker, protocolVersion, fields);
  client.autoAcknowledge = true;
  client.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic, qos }] });
  await client.waitFor("SUBACK", is("suback"), 2000);
  return client;
}

/** Whether a PUBLISH on `topic` (with this payload, if given) has arrived. */
export function publishOn(topic: string, payload?: string) {
  return (packet: Packet): packet is Extract<Packet, { cmd: "publish" }> =>
    packet.cmd === "publish" &&
    packet.topic === topic &&
    (payload === undefined || packet.payload.toString() === payload);
}

/** The broker still routes: a fresh publisher's message reaches `listener` on `topic`. */
export async function stillRoutes(broker: SocketAddress, listener: MqttSocket, topic: string): Promise<void> {
  const { client } = await connect(broker, 4);
  const payload = uniqueId("alive");
  client.send({ cmd: "publish", topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false });
  await listener.waitFor(`the message ${payload}`, publishOn(topic, payload), 2000);
  client.destroy();
}

/** Polls `condition` every 20 ms until it holds; fails with `description` at the deadline. */
export async function until(description: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`expected ${description} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20)); // polling interval
  }
}
