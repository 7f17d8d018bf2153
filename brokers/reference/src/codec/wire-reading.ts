// Reads each packet a client may send field by field, as the specification lays it out, before
// mqtt-packet decodes it: every length must fit, every string must be valid UTF-8 without U+0000,
// every property must belong to its packet, and the packet must end exactly where its Remaining
// Length says. mqtt-packet's parser is lenient on all of these (a string property that runs past
// its section decodes to null, trailing bytes are ignored), so a packet it accepts is only trusted
// once this reading has passed.
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import { FrameReader, malformed } from "./frame-reader.ts";
import { readFrameHeader } from "./framer.ts";
import { checkClientProperties, type PropertyPlace } from "./property-rules.ts";
import { readPropertySection, type PropertyEntry } from "./property-section.ts";

export type ProtocolVersion = 4 | 5;

export const PacketType = {
  Connect: 1,
  Publish: 3,
  Puback: 4,
  Pubrec: 5,
  Pubrel: 6,
  Pubcomp: 7,
  Subscribe: 8,
  Unsubscribe: 10,
  Pingreq: 12,
  Disconnect: 14,
  Auth: 15,
} as const;

/** A CONNECT naming a protocol the broker does not speak: refused with CONNACK [BAD-02]. */
export class UnsupportedProtocolError extends ErrorWithReasonCode {
  constructor(
    readonly protocolName: string,
    readonly protocolLevel: number,
  ) {
    super(ReasonCode.UnsupportedProtocolVersion, `protocol ${JSON.stringify(protocolName)} level ${protocolLevel} is not supported`);
  }
}

/** What the reading found that the decoded packet does not keep: properties in wire order. */
export interface WireReading {
  properties: PropertyEntry[];
  willProperties: PropertyEntry[];
}

const willFlag = 0x04;
const userNameFlag = 0x80;
const passwordFlag = 0x40;

function checkedProperties(reader: FrameReader, place: PropertyPlace, what: string): PropertyEntry[] {
  const entries = readPropertySection(reader, what);
  checkClientProperties(place, entries);
  return entries;
}

/**
 * The protocol level of a CONNECT, read before the rest of it so that a refusal can answer in
 * the client's own version; throws UnsupportedProtocolError for anything but MQTT 3.1.1 or 5.
 */
export function connectProtocolLevel(frame: Buffer): ProtocolVersion {
  const reader = new FrameReader(frame, readFrameHeader(frame)!.headerLength);
  const name = reader.string("the protocol name");
  const level = reader.byte("the protocol level");
  if (name !== "MQTT" || (level !== 4 && level !== 5)) throw new UnsupportedProtocolError(name, level);
  return level;
}

function readConnect(reader: FrameReader, reading: WireReading): void {
  reader.string("the protocol name");
  const level = reader.byte("the protocol level");
  const flags = reader.byte("the Connect Flags");
  // [MQTT-3.1.2-12] Will QoS 3 does not exist
  if (((flags >> 3) & 0x03) === 3) throw malformed("Will QoS 3");
  // [MQTT-3.1.2-22] in MQTT 3.1.1 a password needs a user name
  if (level === 4 && (flags & passwordFlag) !== 0 && (flags & userNameFlag) === 0) throw malformed("a Password without a User Name");
  reader.uint16("the Keep Alive");
  if (level === 5) reading.properties = checkedProperties(reader, "connect", "CONNECT");
  reader.string("the Client Identifier");
  if (flags & willFlag) {
    if (level === 5) reading.willProperties = checkedProperties(reader, "will", "the Will");
    reader.string("the Will Topic");
    reader.binary("the Will Payload");
  }
  if (flags & userNameFlag) reader.string("the User Name");
  if (flags & passwordFlag) reader.binary("the Password");
  reader.expectEnd("the CONNECT payload");
}

function readPublish(reader: FrameReader, firstByte: number, version: ProtocolVersion, reading: WireReading): void {
  const qos = (firstByte >> 1) & 0x03;
  if (qos === 3) throw malformed("PUBLISH with QoS 3"); // [MQTT-3.3.1-4]
  reader.string("the Topic Name");
  if (qos > 0) reader.uint16("the Packet Identifier");
  if (version === 5) reading.properties = checkedProperties(reader, "publish", "PUBLISH");
  reader.rest();
}

/** Packet identifier, then (MQTT 5) a Reason Code and properties, each omitted when not needed. */
function readAcknowledgement(reader: FrameReader, version: ProtocolVersion, reading: WireReading, name: string): void {
  reader.uint16("the Packet Identifier");
  readReasonAndProperties(reader, version, reading, "acknowledgement", name);
}

function readReasonAndProperties(reader: FrameReader, version: ProtocolVersion, reading: WireReading, place: PropertyPlace, name: string): void {
  if (version === 5 && reader.remaining > 0) reader.byte("the Reason Code");
  if (version === 5 && reader.remaining > 0) reading.properties = checkedProperties(reader, place, name);
  reader.expectEnd(name);
}

function readSubscribe(reader: FrameReader, version: ProtocolVersion, reading: WireReading): void {
  reader.uint16("the Packet Identifier");
  if (version === 5) reading.properties = checkedProperties(reader, "subscribe", "SUBSCRIBE");
  while (reader.remaining > 0) {
    reader.string("a Topic Filter");
    reader.byte("the Subscription Options");
  }
}

function readUnsubscribe(reader: FrameReader, version: ProtocolVersion, reading: WireReading): void {
  reader.uint16("the Packet Identifier");
  if (version === 5) reading.properties = checkedProperties(reader, "unsubscribe", "UNSUBSCRIBE");
  while (reader.remaining > 0) reader.string("a Topic Filter");
}

/**
 * Reads a whole frame sent by a client of the given protocol version (a CONNECT's own level
 * applies to it). Throws ErrorWithReasonCode: 0x81 when the packet is malformed, 0x82 for a
 * property rule it breaks. Packets only a server sends are left to mqtt-packet and the handlers.
 */
export function readClientPacket(frame: Buffer, version: ProtocolVersion): WireReading {
  const reader = new FrameReader(frame, readFrameHeader(frame)!.headerLength);
  const reading: WireReading = { properties: [], willProperties: [] };
  switch (frame[0] >> 4) {
    case PacketType.Connect:
      readConnect(reader, reading);
      break;
    case PacketType.Publish:
      readPublish(reader, frame[0], version, reading);
      break;
    case PacketType.Puback:
    case PacketType.Pubrec:
    case PacketType.Pubrel:
    case PacketType.Pubcomp:
      readAcknowledgement(reader, version, reading, "the acknowledgement");
      break;
    case PacketType.Subscribe:
      readSubscribe(reader, version, reading);
      break;
    case PacketType.Unsubscribe:
      readUnsubscribe(reader, version, reading);
      break;
    case PacketType.Pingreq:
      reader.expectEnd("PINGREQ");
      break;
    case PacketType.Disconnect:
      readReasonAndProperties(reader, version, reading, "disconnect", "DISCONNECT");
      break;
    case PacketType.Auth:
      if (version !== 5) throw malformed("packet type 15 does not exist in MQTT 3.1.1");
      readReasonAndProperties(reader, version, reading, "auth", "AUTH");
      break;
  }
  return reading;
}
