// UNSUBSCRIBE: remove each filter; v5 UNSUBACK reports per filter whether it existed [RC-17].
import type { IUnsubscribePacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { announceSubscriptions } from "../lifecycle/connection-events.ts";
import { packetIdInUse } from "../inbound/publish-admission.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import { topicFilterProblem } from "../topics.ts";

export function handleUnsubscribe(connection: Connection, packet: IUnsubscribePacket): void {
  // [BAD-08] [MQTT-3.10.3-2] an UNSUBSCRIBE must carry at least one filter
  if (packet.unsubscriptions.length === 0)
    throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "UNSUBSCRIBE without a topic filter");
  const { broker, session } = connection;
  // [RC-17] the packet identifier of a PUBLISH still awaiting our PUBACK is in use: nothing is removed
  const idInUse = packet.messageId !== undefined && packetIdInUse(connection, packet.messageId);
  const granted = packet.unsubscriptions.map((filter) => {
    if (idInUse) return ReasonCode.PacketIdentifierInUse;
    if (topicFilterProblem(filter, broker.config.limits)) return ReasonCode.TopicFilterInvalid;
    return broker.unsubscribe(session, filter) ? ReasonCode.Success : ReasonCode.NoSubscriptionExisted;
  });
  connection.send({
    cmd: "unsuback",
    messageId: packet.messageId,
    ...(connection.protocolVersion === 5 ? { granted } : {}),
  } as Parameters<Connection["send"]>[0]);
  // [EVT-05] the filters the session held
  announceSubscriptions(
    connection,
    "unsubscribed",
    packet.unsubscriptions.filter((_filter, index) => granted[index] === ReasonCode.Success),
  );
}
