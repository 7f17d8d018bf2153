// Packet predicates for waits: match by content, never by position [DIF-05].
import type {
  IConnackPacket,
  IPubackPacket,
  IPublishPacket,
  ISubackPacket,
  IUnsubackPacket,
  Packet,
} from "mqtt-packet";

export function payloadText(packet: IPublishPacket): string {
  return Buffer.isBuffer(packet.payload) ? packet.payload.toString("utf8") : packet.payload;
}

export const isConnack = (packet: Packet): packet is IConnackPacket => packet.cmd === "connack";

export const isPublish = (packet: Packet): packet is IPublishPacket => packet.cmd === "publish";

export const isPuback = (packet: Packet): packet is IPubackPacket => packet.cmd === "puback";

export function isPublishOn(topic: string, payload?: string) {
  return (packet: Packet): packet is IPublishPacket =>
    packet.cmd === "publish" && packet.topic === topic && (payload === undefined || payloadText(packet) === payload);
}

export function isSubackFor(messageId: number) {
  return (packet: Packet): packet is ISubackPacket => packet.cmd === "suback" && packet.messageId === messageId;
}

export function isUnsubackFor(messageId: number) {
  return (packet: Packet): packet is IUnsubackPacket => packet.cmd === "unsuback" && packet.messageId === messageId;
}

export function isPubackFor(messageId: number) {
  return (packet: Packet): packet is IPubackPacket => packet.cmd === "puback" && packet.messageId === messageId;
}

/** Whether an MQTT 5 acknowledgement or DISCONNECT carries a non-empty Reason String. */
export function hasReasonString(packet: { properties?: { reasonString?: string } }): boolean {
  const reasonString = packet.properties?.reasonString;
  return typeof reasonString === "string" && reasonString.length > 0;
}
