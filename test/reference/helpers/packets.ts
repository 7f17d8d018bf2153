// Packet objects the codec tests start from, as mqtt-packet takes them.
import type { IPublishPacket } from "mqtt-packet";

/**
 * A QoS 0 PUBLISH of "x" to topic "t", with these fields on top: the smallest PUBLISH, so a test
 * names only what it is about (properties, mostly).
 */
export function smallPublish(fields: Partial<IPublishPacket> = {}): IPublishPacket {
  return { cmd: "publish", topic: "t", payload: Buffer.from("x"), qos: 0, retain: false, dup: false, ...fields };
}
