// The bytes of the PUBLISH a delivery becomes. A QoS 0 message routed to many subscribers is the
// same bytes for each of them in one protocol version and form, so it is written once per routing
// and reused: only the most recent message's forms are kept, so nothing outlives its routing.
import { encodePublish } from "../codec/publish-encoder.ts";
import type { ProtocolVersion } from "../codec/decoder.ts";
import { remainingExpirySeconds, type Message } from "../message.ts";
import type { Delivery } from "../sessions/session.ts";

let lastMessage: Message | undefined;
let lastForms = new Map<string, Buffer>();

function encode(delivery: Delivery, packetId: number | undefined, duplicate: boolean, protocolVersion: ProtocolVersion): Buffer {
  const { message, qos, retain } = delivery;
  const properties = protocolVersion === 5 ? { ...message.properties } : undefined;
  const remaining = remainingExpirySeconds(message);
  if (properties && remaining !== undefined) properties.messageExpiryInterval = remaining; // [M5-05]
  return encodePublish(
    {
      cmd: "publish",
      topic: message.topic,
      payload: message.payload,
      qos,
      retain,
      dup: duplicate && qos > 0,
      ...(packetId === undefined ? {} : { messageId: packetId }),
      ...(properties && Object.keys(properties).length > 0 ? { properties } : {}),
    },
    protocolVersion,
  );
}

export function publishBytes(delivery: Delivery, packetId: number | undefined, duplicate: boolean, protocolVersion: ProtocolVersion): Buffer {
  // QoS 1 carries the subscriber's own packet identifier; an expiring message the seconds left [M5-05]
  if (delivery.qos !== 0 || delivery.message.expiresAt !== undefined) return encode(delivery, packetId, duplicate, protocolVersion);
  if (delivery.message !== lastMessage) {
    lastMessage = delivery.message;
    lastForms = new Map();
  }
  const form = `${protocolVersion}${delivery.retain ? "r" : ""}`;
  let bytes = lastForms.get(form);
  if (!bytes) lastForms.set(form, (bytes = encode(delivery, undefined, false, protocolVersion)));
  return bytes;
}
