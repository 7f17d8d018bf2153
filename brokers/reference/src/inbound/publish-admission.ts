// Whether the broker takes a client's well-formed PUBLISH: a QoS 1 one needs a packet identifier
// not already in use [RC-10] and room under the broker's Receive Maximum [M5-16]; any one needs
// an account allowed to publish to the topic and a connection within its publish quota [RC-09].
import type { Connection } from "../connection/connection.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";

export interface PublishRefusal {
  reasonCode: number;
  reason: string;
}

/**
 * Admits the packet identifier of a QoS 1 PUBLISH; false when it is still in use. MQTT 5 gets
 * PUBACK 0x91 for the reuse; in MQTT 3.1.1 it is a resend of the same message, which the PUBACK
 * still pending answers.
 */
export function packetIdAdmitted(connection: Connection, packetId: number): boolean {
  const pending = connection.pendingAcknowledgements;
  const v5 = connection.protocolVersion === 5;
  if (pending.inUse(packetId)) {
    if (v5) {
      const properties = connection.reasonString(`packet identifier ${packetId} is still in use`);
      connection.send({ cmd: "puback", messageId: packetId, reasonCode: ReasonCode.PacketIdentifierInUse, properties });
    }
    return false;
  }
  // [MQTT-3.3.4-9] only MQTT 5 clients were told our Receive Maximum
  if (v5 && pending.full) {
    throw new ErrorWithReasonCode(ReasonCode.ReceiveMaximumExceeded, "more unacknowledged QoS 1 PUBLISHes than the Receive Maximum");
  }
  return true;
}

/** Why the client may not publish to this topic now, or undefined when it may. */
export function publishRefusal(connection: Connection, topic: string): PublishRefusal | undefined {
  if (!connection.permissions.mayPublish(topic)) {
    return { reasonCode: ReasonCode.NotAuthorized, reason: `not authorized to publish to ${topic}` };
  }
  if (!connection.publishRate.allow()) {
    return { reasonCode: ReasonCode.QuotaExceeded, reason: `more than ${connection.broker.config.quotas.publishesPerSecond} PUBLISHes in one second` };
  }
  return undefined;
}
