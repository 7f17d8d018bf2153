// PUBREC from a client, for a QoS 2 delivery of the broker's: below 0x80 it is answered with
// PUBREL and the PUBLISH is never sent again [MQTT5-4.3.3-4] [MQTT5-4.3.3-6]; 0x80 or above ends
// the delivery for good [MQTT5-4.8.2-6]. A PUBREC for an identifier the broker does not hold gets
// PUBREL 0x92 (MQTT 5) and is otherwise ignored.
import type { IPubrecPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { ReasonCode } from "../reason-codes.ts";
import { answersQos2Packets, handleUnsupported } from "./unsupported.ts";

export function handlePubrec(connection: Connection, packet: IPubrecPacket): void {
  if (!answersQos2Packets(connection.broker.config)) return handleUnsupported(connection, packet);
  const packetId = packet.messageId!;
  const outcome = connection.deliveryReceived(packetId, packet.reasonCode ?? ReasonCode.Success);
  if (outcome === "released") connection.send({ cmd: "pubrel", messageId: packetId });
  else if (outcome === "unknown" && connection.protocolVersion === 5 && (packet.reasonCode ?? 0) < 0x80) {
    connection.send({ cmd: "pubrel", messageId: packetId, reasonCode: ReasonCode.PacketIdentifierNotFound });
  }
}
