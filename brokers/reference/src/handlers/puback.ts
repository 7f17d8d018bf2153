// PUBACK from a client: completes a QoS 1 delivery [QOS-03] and frees room under its Receive
// Maximum. An unknown packet identifier is ignored: the message may have been resent.
import type { IPubackPacket } from "mqtt-packet";
import type { ClientConnection } from "../connection.ts";

export function handlePuback(connection: ClientConnection, packet: IPubackPacket): void {
  if (packet.messageId !== undefined) connection.session?.acknowledge(packet.messageId);
}
