// The bytes of the PUBLISH a delivery becomes. A QoS 0 message routed to many subscribers is the
// same bytes for each of them in one protocol version and form, so it is written once per routing
// and reused: only the most recent message's forms are kept, so nothing outlives its routing.
// What is particular to one client (its packet identifier, Subscription Identifiers, a topic
// alias, the seconds an expiring message has left) is written for that client alone.
import { encodePublish } from "../codec/publish-encoder.ts";
import type { ProtocolVersion } from "../codec/decoder.ts";
import { remainingExpirySeconds, type Message } from "../message.ts";
import type { Delivery } from "../sessions/session.ts";

/** How one PUBLISH of a delivery is written for its client. */
export interface PublishForm {
  protocolVersion: ProtocolVersion;
  /** QoS 1 and QoS 2: the client's own packet identifier. */
  packetId?: number;
  /** DUP: a QoS 1 or QoS 2 PUBLISH sent again [MQTT-3.3.1-1]. */
  duplicate: boolean;
  /** A topic alias for the client [MQTT5-3.3.2-11]; `known`: the client already has it, so the topic is left out. */
  topicAlias?: { alias: number; known: boolean };
}

let lastMessage: Message | undefined;
let lastForms = new Map<string, Buffer>();

function encode(delivery: Delivery, form: PublishForm): Buffer {
  const { message, qos, retain, subscriptionIdentifiers } = delivery;
  const v5 = form.protocolVersion === 5;
  const properties = v5 ? { ...message.properties } : undefined;
  const remaining = remainingExpirySeconds(message);
  if (properties && remaining !== undefined) properties.messageExpiryInterval = remaining; // [M5-05]
  if (properties && subscriptionIdentifiers && subscriptionIdentifiers.length > 0) {
    // [MQTT5-3.3.4-3] [MQTT5-3.3.4-4] every identifier of the subscriptions this copy serves
    Object.assign(properties, {
      subscriptionIdentifier:
        subscriptionIdentifiers.length === 1 ? subscriptionIdentifiers[0] : subscriptionIdentifiers,
    });
  }
  if (properties && form.topicAlias) Object.assign(properties, { topicAlias: form.topicAlias.alias });
  return encodePublish(
    {
      cmd: "publish",
      topic: v5 && form.topicAlias?.known ? "" : message.topic,
      payload: message.payload,
      qos,
      retain,
      dup: form.duplicate && qos > 0,
      ...(form.packetId === undefined ? {} : { messageId: form.packetId }),
      ...(properties && Object.keys(properties).length > 0 ? { properties } : {}),
    },
    form.protocolVersion,
  );
}

/** Whether the PUBLISH is the same for every client of the protocol version: QoS 0, nothing of the client's own. */
function shared(delivery: Delivery, form: PublishForm): boolean {
  return (
    delivery.qos === 0 &&
    delivery.message.expiresAt === undefined &&
    form.topicAlias === undefined &&
    !delivery.subscriptionIdentifiers?.length
  );
}

export function publishBytes(delivery: Delivery, form: PublishForm): Buffer {
  if (!shared(delivery, form)) return encode(delivery, form);
  if (delivery.message !== lastMessage) {
    lastMessage = delivery.message;
    lastForms = new Map();
  }
  const key = `${form.protocolVersion}${delivery.retain ? "r" : ""}`;
  let bytes = lastForms.get(key);
  if (!bytes)
    lastForms.set(key, (bytes = encode(delivery, { protocolVersion: form.protocolVersion, duplicate: false })));
  return bytes;
}
