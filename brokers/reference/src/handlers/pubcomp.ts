// PUBCOMP from a client: ends a QoS 2 delivery of the broker's, freeing its identifier and room
// under the client's Receive Maximum [MQTT5-4.3.3-5]. An unknown identifier is ignored.
import type { IPubcompPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { answersQos2Packets, handleUnsupported } from "./unsupported.ts";

export function handlePubcomp(connection: Connection, packet: IPubcompPacket): void {
  if (!answersQos2Packets(connection.broker.config)) return handleUnsupported(connection, packet);
  connection.deliveryCompleted(packet.messageId!);
}
