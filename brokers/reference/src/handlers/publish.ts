// PUBLISH from a client: resolve its topic alias, check topic, QoS and RETAIN, store it if
// retained, route it, and acknowledge it with the same packet identifier: PUBACK for QoS 1
// [QOS-09], PUBREC for QoS 2, which is routed once however often it is sent before its PUBREL
// [MQTT5-4.3.3-10].
import type { IPublishPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { packetIdAdmitted, publishRefusal } from "../inbound/publish-admission.ts";
import { clampMessageExpiry, ownBytes, ownProperties, type Message } from "../message.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import { retainedQuotaExceeded } from "../retained/retained-quota.ts";
import { isReservedTopic, topicNameProblem } from "../topics.ts";

export function handlePublish(connection: Connection, packet: IPublishPacket): void {
  const { limits } = connection.broker.config;
  if (packet.qos > limits.maximumQos) {
    refuseQos(connection, packet.qos);
    return;
  }
  // [BAD-07] [MQTT-2.3.1-1] a QoS 1 or QoS 2 PUBLISH needs a non-zero packet identifier
  if (packet.qos > 0 && !packet.messageId)
    throw new ErrorWithReasonCode(ReasonCode.ProtocolError, `QoS ${packet.qos} PUBLISH with packet identifier 0`);
  if (packet.qos > 0 && !packetIdAdmitted(connection, packet)) return;
  const topic = resolveTopic(connection, packet);
  // [BAD-05] [DIF-06] a topic with wildcards or over the limits is a protocol violation
  const problem = topicNameProblem(topic, limits);
  if (problem) throw new ErrorWithReasonCode(ReasonCode.TopicNameInvalid, problem);
  // [M5-09] [MQTT-3.3.2-14] a Response Topic is a topic name: no wildcards
  const responseTopic = packet.properties?.responseTopic;
  if (responseTopic !== undefined && /[+#]/.test(responseTopic))
    throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "Response Topic contains a wildcard");
  // [MQTT5-3.2.2-14] RETAIN on a broker that announced Retain Available 0
  if (packet.retain && limits.retainAvailable === 0)
    throw new ErrorWithReasonCode(ReasonCode.RetainNotSupported, "retained messages are not available");
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
  if (retainedQuotaExceeded(connection.broker.retained, message, limits.maxRetainedMessages)) {
    refuse(connection, packet, ReasonCode.QuotaExceeded, "the retained message limit is reached");
    return;
  }
  connection.broker.publish(message, { clientId: connection.clientId });
  if (packet.qos === 1) {
    const puback = { cmd: "puback", messageId: packet.messageId, reasonCode: ReasonCode.Success } as const;
    connection.pendingAcknowledgements.acknowledge(packet.messageId!, () => connection.send(puback));
  } else if (packet.qos === 2) {
    // [MQTT5-4.3.3-8] the identifier is held until the PUBREL
    connection.session.awaitingRelease.add(packet.messageId!);
    connection.send({ cmd: "pubrec", messageId: packet.messageId, reasonCode: ReasonCode.Success });
  }
}

/**
 * A QoS above the broker's Maximum QoS: [QOS-05] [MQTT5-3.2.2-11] MQTT 5 clients get DISCONNECT
 * 0x9B; [QOS-04] AWS ignores QoS 2 from MQTT 3 clients, while OASIS has no answer but the close.
 */
function refuseQos(connection: Connection, qos: number): void {
  const reason = `QoS ${qos} is above the Maximum QoS ${connection.broker.config.limits.maximumQos}`;
  if (connection.protocolVersion === 5 || connection.broker.profile === "oasis")
    throw new ErrorWithReasonCode(ReasonCode.QosNotSupported, reason);
  connection.broker.log(`${connection.clientId}: QoS ${qos} PUBLISH ignored`);
}

/** [M5-02] [M5-03] topic aliases 1..Topic Alias Maximum; anything else is DISCONNECT 0x94. */
function resolveTopic(connection: Connection, packet: IPublishPacket): string {
  const alias = packet.properties?.topicAlias;
  // [MQTT5-4.7.3-1] an empty topic needs a topic alias
  if (alias === undefined && packet.topic.length === 0)
    throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "empty topic without a Topic Alias");
  if (alias === undefined) return packet.topic;
  const maximum = connection.broker.config.limits.topicAliasMaximum;
  if (alias === 0 || alias > maximum)
    throw new ErrorWithReasonCode(ReasonCode.TopicAliasInvalid, `topic alias ${alias} is outside 1..${maximum}`);
  if (packet.topic.length > 0) {
    connection.topicAliases.set(alias, packet.topic);
    return packet.topic;
  }
  const topic = connection.topicAliases.get(alias);
  if (topic === undefined)
    throw new ErrorWithReasonCode(ReasonCode.ProtocolError, `topic alias ${alias} was never set`);
  return topic;
}

function toMessage(packet: IPublishPacket, topic: string): Message {
  const { topicAlias, subscriptionIdentifier, messageExpiryInterval, ...properties } = packet.properties ?? {};
  // [M5-06] expiry clamped to [1, 604800] seconds
  const expirySeconds = messageExpiryInterval === undefined ? undefined : clampMessageExpiry(messageExpiryInterval);
  return {
    topic,
    payload: ownBytes(packet.payload),
    qos: packet.qos,
    retain: packet.retain,
    properties: ownProperties(properties),
    expiresAt: expirySeconds === undefined ? undefined : Date.now() + expirySeconds * 1000,
  };
}

/**
 * Refuses a publish the broker will not route: a v5 QoS 1 or QoS 2 publish gets a PUBACK or
 * PUBREC with the reason code (a refused QoS 2 identifier is not held [MQTT5-4.3.3-9]); QoS 0 is
 * dropped; MQTT 3 has no negative acknowledgement, so its connection is closed.
 */
function refuse(connection: Connection, packet: IPublishPacket, reasonCode: number, reason: string): void {
  if (connection.protocolVersion === 4) throw new ErrorWithReasonCode(reasonCode, reason);
  if (packet.qos === 0) return;
  connection.send({
    cmd: packet.qos === 1 ? "puback" : "pubrec",
    messageId: packet.messageId,
    reasonCode,
    properties: connection.reasonString(reason),
  });
}
