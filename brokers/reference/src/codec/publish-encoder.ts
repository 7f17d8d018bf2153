// Writing the PUBLISH packets the broker sends, the packets it sends most. A PUBLISH without
// properties is laid out here directly; one with properties goes through mqtt-packet (with User
// Properties in the order they arrived [M5-12]).
import type { IPublishPacket } from "mqtt-packet";
import { encodeWithUserPropertyOrder } from "../properties/user-property-order.ts";

function variableByteIntegerLength(value: number): number {
  return value < 128 ? 1 : value < 16384 ? 2 : value < 2097152 ? 3 : 4;
}

/** The bytes of a PUBLISH in the given protocol version. */
export function encodePublish(packet: IPublishPacket, protocolVersion: 4 | 5): Buffer {
  if (packet.properties && Object.keys(packet.properties).length > 0)
    return encodeWithUserPropertyOrder(packet, protocolVersion);
  const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
  const topicLength = Buffer.byteLength(packet.topic);
  const remainingLength =
    2 + topicLength + (packet.qos > 0 ? 2 : 0) + (protocolVersion === 5 ? 1 : 0) + payload.length;
  const bytes = Buffer.allocUnsafe(1 + variableByteIntegerLength(remainingLength) + remainingLength);
  bytes[0] = 0x30 | (packet.dup ? 0x08 : 0) | (packet.qos << 1) | (packet.retain ? 0x01 : 0);
  let offset = 1;
  for (let value = remainingLength; ; ) {
    const byte = value % 128;
    value = Math.floor(value / 128);
    bytes[offset++] = value > 0 ? byte | 0x80 : byte;
    if (value === 0) break;
  }
  offset = bytes.writeUInt16BE(topicLength, offset);
  offset += bytes.write(packet.topic, offset, "utf8");
  if (packet.qos > 0) offset = bytes.writeUInt16BE(packet.messageId ?? 0, offset);
  if (protocolVersion === 5) bytes[offset++] = 0; // Property Length 0
  payload.copy(bytes, offset);
  return bytes;
}
