// PUBLISH from a client: resolve its topic alias, check topic and QoS, store it if retained,
// route it, and acknowledge QoS 1 with the same packet identifier [QOS-09].
import type { IPublishPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { packetIdAdmitted, publishRefusal } from "../inbound/publish-admission.ts";
import { clampMessageExpiry, ownBytes, ownProperties, type Message } from "../message.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import { retainedQuotaExceeded } from "../retained/retained-quota.ts";
import { isReservedTopic, topicNameProblem } from "../topics.ts";

export function handlePublish(connection: Connection, packet: IPublishPacket): void {
  if (packet.qos === 2) {
    refuseQos2(connection);
    return;
  }
  // [BAD-07] [MQTT-2.3.1-1] a QoS 1 PUBLISH needs a non-zero packet identifier
  if (packet.qos === 1 && !packet.messageId) throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "QoS 1 PUBLISH with packet identifier 0");
  if (packet.qos === 1 && !packetIdAdmitted(connection, packet.messageId!)) return;
  const topic = resolveTopic(connection, packet);
  // [BAD-05] [DIF-06] a topic with wildcards or over the limits is a protocol violation
  const problem = topicNameProblem(topic, connection.broker.config.limits);
  if (problem) throw new ErrorWithReasonCode(ReasonCode.TopicNameInvalid, problem);
  // [M5-09] [MQTT-3.3.2-14] a Response Topic is a topic name: no wildcards
  const responseTopic = packet.properties?.responseTopic;
  if (responseTopic !== undefined && /[+#]/.test(responseTopic)) throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "Response Topic contains a wildcard");
  // [RET-03] RETAIN on a reserved topic is refused and nothing is stored
  if (packet.retain && isReservedTopic(topic)) {
    refuse(connection, packet, ReasonCode.TopicNameInvalid, `RETAIN is not allowed on reserved topic ${topic}`);
    return;
  }
  const refusal = publishRefusal(connection, topic); // [RC-09]
  if (refusal) {
    refuse(connection, packet, refusal.reasonCode, refusal.reason);
    return;
  }

  const message = toMessage(packet, topic);
  // [RET-10] at the retained limit a retained publish with a payload is throttled
  if (retainedQuotaExceeded(connection.broker.retained, message, connection.broker.config.limits.maxRetainedMessages)) {
    refuse(connection, packet, ReasonCode.QuotaExceeded, "the retained message limit is reached");
    return;
  }
  connection.broker.publish(message, { clientId: connection.clientId });
  if (packet.qos === 1) {
    const puback = { cmd: "puback", messageId: packet.messageId, reasonCode: ReasonCode.Success } as const;
    connection.pendingAcknowledgements.acknowledge(packet.messageId!, () => connection.send(puback));
  }
}

/** [QOS-04] AWS ignores QoS 2 from MQTT 3 clients; [QOS-05] MQTT 5 clients get DISCONNECT 0x9B. */
function refuseQos2(connection: Connection): void {
  if (connection.protocolVersion === 5) throw new ErrorWithReasonCode(ReasonCode.QosNotSupported, "QoS 2 is not supported");
  if (connection.broker.profile === "oasis") throw new ErrorWithReasonCode(ReasonCode.QosNotSupported, "QoS 2 is not supported");
  connection.broker.log(`${connection.clientId}: QoS 2 PUBLISH ignored`);
}

/** [M5-02] [M5-03] topic aliases 1..Topic Alias Maximum; anything else is DISCONNECT 0x94. */
function resolveTopic(connection: Connection, packet: IPublishPacket): string {
  const alias = packet.properties?.topicAlias;
  if (alias === undefined) return packet.topic;
  const maximum = connection.broker.config.limits.topicAliasMaximum;
  if (alias === 0 || alias > maximum) throw new ErrorWithReasonCode(ReasonCode.TopicAliasInvalid, `topic alias ${alias} is outside 1..${maximum}`);
  if (packet.topic.length > 0) {
    connection.topicAliases.set(alias, packet.topic);
    return packet.topic;
  }
  const topic = connection.topicAliases.get(alias);
  if (topic === undefined) throw new ErrorWithReasonCode(ReasonCode.ProtocolError, `topic alias ${alias} was never set`);
  return topic;
}

function toMessage(packet: IPublishPacket, topic: string): Message {
  const { topicAlias, subscriptionIdentifier, messageExpiryInterval, ...properties } = packet.properties ?? {};
  // [M5-06] expiry clamped to [1, 604800] seconds
  const expirySeconds = messageExpiryInterval === undefined ? undefined : clampMessageExpiry(messageExpiryInterval);
  return {
    topic,
    payload: ownBytes(packet.payload),
    qos: packet.qos === 1 ? 1 : 0,
    retain: packet.retain,
    properties: ownProperties(properties),
    expiresAt: expirySeconds === undefined ? undefined : Date.now() + expirySeconds * 1000,
  };
}

/**
 * Refuses a publish the broker will not route: a v5 QoS 1 publish gets a PUBACK with the reason
 * code; QoS 0 is dropped; MQTT 3 has no negative PUBACK, so its connection is closed.
 */
function refuse(connection: Connection, packet: IPublishPacket, reasonCode: number, reason: string): void {
  if (connection.protocolVersion === 4) throw new ErrorWithReasonCode(reasonCode, reason);
  if (packet.qos === 1) {
    connection.send({ cmd: "puback", messageId: packet.messageId, reasonCode, properties: connection.reasonString(reason) });
  }
}
