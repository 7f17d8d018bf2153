// Whether the broker takes a client's well-formed PUBLISH: a QoS 1 or QoS 2 one needs a packet
// identifier not already in use [RC-10] and room under the broker's Receive Maximum [M5-16]; any one needs
// an account allowed to publish to the topic and a connection within its publish quota [RC-09].
import type { IPublishPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";

export interface PublishRefusal {
  reasonCode: number;
  reason: string;
}

/**
 * Admits the packet identifier of a QoS 1 or QoS 2 PUBLISH; false when the PUBLISH is answered
 * without being routed. A QoS 2 PUBLISH repeating one not yet released gets its PUBREC again
 * [MQTT5-4.3.3-10]. A QoS 1 identifier still awaiting its PUBACK gets PUBACK 0x91 in MQTT 5; in
 * MQTT 3.1.1 it is a resend of the same message, which the PUBACK still pending answers.
 */
export function packetIdAdmitted(connection: Connection, packet: IPublishPacket): boolean {
  const packetId = packet.messageId!;
  const pending = connection.pendingAcknowledgements;
  const awaitingRelease = connection.session.awaitingRelease;
  const v5 = connection.protocolVersion === 5;
  if (packet.qos === 2 && awaitingRelease.has(packetId)) {
    connection.send({ cmd: "pubrec", messageId: packetId, reasonCode: ReasonCode.Success });
    return false;
  }
  if (pending.inUse(packetId) || awaitingRelease.has(packetId)) {
    if (v5) {
      const properties = connection.reasonString(`packet identifier ${packetId} is still in use`);
      connection.send({
        cmd: packet.qos === 1 ? "puback" : "pubrec",
        messageId: packetId,
        reasonCode: ReasonCode.PacketIdentifierInUse,
        properties,
      });
    }
    return false;
  }
  // [MQTT-3.3.4-9] only MQTT 5 clients were told our Receive Maximum, which QoS 1 and QoS 2 share
  if (v5 && pending.size + awaitingRelease.size >= connection.broker.config.limits.receiveMaximum) {
    throw new ErrorWithReasonCode(
      ReasonCode.ReceiveMaximumExceeded,
      "more unacknowledged QoS 1 and QoS 2 PUBLISHes than the Receive Maximum",
    );
  }
  return true;
}

/**
 * [RC-16] [RC-17] whether a client's packet identifier is taken by a PUBLISH not yet acknowledged
 * (SUBSCRIBE, UNSUBSCRIBE).
 */
export function packetIdInUse(connection: Connection, packetId: number): boolean {
  return connection.pendingAcknowledgements.inUse(packetId) || connection.session.awaitingRelease.has(packetId);
}

/** Why the client may not publish to this topic now, or undefined when it may. */
export function publishRefusal(connection: Connection, topic: string): PublishRefusal | undefined {
  if (!connection.permissions.mayPublish(topic)) {
    return { reasonCode: ReasonCode.NotAuthorized, reason: `not authorized to publish to ${topic}` };
  }
  if (!connection.publishRate.allow()) {
    return {
      reasonCode: ReasonCode.QuotaExceeded,
      reason: `more than ${connection.broker.config.quotas.publishesPerSecond} PUBLISHes in one second`,
    };
  }
  return undefined;
}
