// PUBACK from a client: completes a QoS 1 delivery [QOS-03] and frees room under its Receive
// Maximum. An unknown packet identifier is ignored: the message may have been resent.
import type { IPubackPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";

export function handlePuback(connection: Connection, packet: IPubackPacket): void {
  if (packet.messageId !== undefined) connection.acknowledged(packet.messageId);
}
