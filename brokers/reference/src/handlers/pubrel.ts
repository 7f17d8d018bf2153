// PUBREL from a client, releasing a QoS 2 PUBLISH the broker received and answered with PUBREC:
// its identifier is freed and PUBCOMP sent [MQTT5-4.3.3-11] [MQTT5-4.3.3-12]; a PUBREL for an
// identifier the broker does not hold gets PUBCOMP 0x92 in MQTT 5 [MQTT5-3.7.2-1], and PUBCOMP
// in MQTT 3.1.1, where a PUBREL may repeat one already answered [MQTT-4.3.3-2].
import type { IPubrelPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { ReasonCode } from "../reason-codes.ts";
import { answersQos2Packets, handleUnsupported } from "./unsupported.ts";

export function handlePubrel(connection: Connection, packet: IPubrelPacket): void {
  if (!answersQos2Packets(connection.broker.config)) return handleUnsupported(connection, packet);
  const packetId = packet.messageId!;
  const held = connection.session.awaitingRelease.delete(packetId);
  if (connection.protocolVersion === 4) connection.send({ cmd: "pubcomp", messageId: packetId });
  else
    connection.send({
      cmd: "pubcomp",
      messageId: packetId,
      reasonCode: held ? ReasonCode.Success : ReasonCode.PacketIdentifierNotFound,
    });
}
