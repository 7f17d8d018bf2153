// Publishing as a test client does it: a PUBLISH made from a step's words (topic, payload, QoS,
// RETAIN, MQTT 5 properties) and, for a well-behaved publisher, the wait for its PUBACK: a QoS 1
// publish is complete when the PUBACK arrives [QOS-03].
import type { IPubackPacket, IPubcompPacket, IPublishPacket, IPubrecPacket, QoS } from "mqtt-packet";
import type { MqttTestClient } from "../driver/client.ts";
import { describePacket } from "../driver/describe.ts";
import { isPubackFor } from "../driver/predicates.ts";
import { check } from "./assertions.ts";
import type { ConformanceWorld } from "./world.ts";

export interface PublishOptions {
  retain?: boolean;
  properties?: IPublishPacket["properties"];
  /** The client rule the PUBLISH breaks on purpose, if any. */
  breaking?: string;
  /** Written in this many pieces (WebSocket: frames) [TRN-04] [MQTT-6.0.0-2]. */
  pieces?: number;
}

/** Sends a PUBLISH and returns its packet identifier (undefined at QoS 0). */
export function sendPublish(
  client: MqttTestClient,
  topic: string,
  payload: string | Buffer,
  qos: number,
  options: PublishOptions = {},
): number | undefined {
  const messageId = qos > 0 ? client.allocatePacketId() : undefined;
  client.send(
    {
      cmd: "publish",
      topic,
      payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload),
      qos: qos as QoS,
      retain: options.retain ?? false,
      dup: false,
      ...(messageId ? { messageId } : {}),
      ...(options.properties ? { properties: options.properties } : {}),
    },
    { breaking: options.breaking, pieces: options.pieces },
  );
  return messageId;
}

/** Waits for the PUBACK of a QoS 1 publish, whatever its reason code. */
export function pubackFor(world: ConformanceWorld, client: MqttTestClient, messageId: number): Promise<IPubackPacket> {
  return client.waitFor(`PUBACK for packet identifier ${messageId}`, isPubackFor(messageId), world.deliveryTimeoutMs);
}

/** Waits for the PUBACK of a QoS 1 publish and checks it reports success. */
export async function confirmPuback(
  world: ConformanceWorld,
  client: MqttTestClient,
  messageId: number,
  topic: string,
): Promise<void> {
  const puback = await pubackFor(world, client, messageId);
  check(
    (puback.reasonCode ?? 0) < 0x80,
    client,
    `expected PUBACK success for ${JSON.stringify(topic)}, got ${describePacket(puback)}`,
  );
}

/** Completes a QoS 2 publish: a successful PUBREC, then PUBREL, then its PUBCOMP. */
export async function confirmQos2(
  world: ConformanceWorld,
  client: MqttTestClient,
  messageId: number,
  topic: string,
): Promise<void> {
  const pubrec = await client.waitFor(
    `PUBREC for packet identifier ${messageId}`,
    (packet): packet is IPubrecPacket => packet.cmd === "pubrec" && packet.messageId === messageId,
    world.deliveryTimeoutMs,
  );
  check(
    (pubrec.reasonCode ?? 0) < 0x80,
    client,
    `expected PUBREC success for ${JSON.stringify(topic)}, got ${describePacket(pubrec)}`,
  );
  client.send({ cmd: "pubrel", messageId, ...(client.protocolVersion === 5 ? { reasonCode: 0 } : {}) });
  await client.waitFor(
    `PUBCOMP for packet identifier ${messageId}`,
    (packet): packet is IPubcompPacket => packet.cmd === "pubcomp" && packet.messageId === messageId,
    world.deliveryTimeoutMs,
  );
}

/** Publishes and waits for the exchange to end well: a successful PUBACK at QoS 1, PUBREC then PUBCOMP at QoS 2. */
export async function publishConfirmed(
  world: ConformanceWorld,
  name: string,
  topic: string,
  payload: string | Buffer,
  qos: number,
  options: PublishOptions = {},
): Promise<void> {
  const client = world.client(name);
  const messageId = sendPublish(client, topic, payload, qos, options);
  if (messageId === undefined) return;
  if (qos === 2) await confirmQos2(world, client, messageId, topic);
  else await confirmPuback(world, client, messageId, topic);
}
