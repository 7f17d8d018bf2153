// Publishing as a step means it: a QoS 1 PUBLISH is complete when its PUBACK arrives [QOS-03].
import type { IPublishPacket, QoS } from "mqtt-packet";
import type { MqttTestClient } from "../driver/client.ts";
import { describePacket } from "../driver/describe.ts";
import { isPubackFor } from "../driver/predicates.ts";
import { check } from "./assertions.ts";
import type { ConformanceWorld } from "./world.ts";

export interface PublishOptions {
  retain?: boolean;
  /** MQTT 5 PUBLISH properties. */
  properties?: IPublishPacket["properties"];
}

/** Sends a PUBLISH and returns its packet identifier (undefined at QoS 0). */
export function sendPublish(client: MqttTestClient, topic: string, payload: string | Buffer, qos: number, options: PublishOptions = {}): number | undefined {
  const messageId = qos > 0 ? client.allocatePacketId() : undefined;
  client.send({
    cmd: "publish",
    topic,
    payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload),
    qos: qos as QoS,
    retain: options.retain ?? false,
    dup: false,
    ...(messageId ? { messageId } : {}),
    ...(options.properties ? { properties: options.properties } : {}),
  });
  return messageId;
}

/** Waits for the PUBACK of a QoS 1 PUBLISH and checks it reports success. */
export async function awaitPubackSuccess(world: ConformanceWorld, client: MqttTestClient, messageId: number, topic: string): Promise<void> {
  const puback = await client.waitFor(`PUBACK for packet identifier ${messageId}`, isPubackFor(messageId), world.deliveryTimeoutMs);
  check((puback.reasonCode ?? 0) < 0x80, client, `expected PUBACK success for ${JSON.stringify(topic)}, got ${describePacket(puback)}`);
}

/** Publishes as a well-behaved client: at QoS 1, waits for a successful PUBACK. */
export async function publish(world: ConformanceWorld, name: string, topic: string, payload: string | Buffer, qos: number, options: PublishOptions = {}): Promise<void> {
  const client = world.client(name);
  const messageId = sendPublish(client, topic, payload, qos, options);
  if (messageId !== undefined) await awaitPubackSuccess(world, client, messageId, topic);
}
