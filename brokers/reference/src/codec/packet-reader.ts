// Reads each packet a client may send field by field, exactly as the specification lays it out,
// into mqtt-packet's packet types. Every length must fit, every string must be valid UTF-8 without
// U+0000, every property must belong to its packet, flags must have their reserved values, and the
// packet must end where its Remaining Length says; anything else is malformed (0x81), or a protocol
// error (0x82) where the specification says so. mqtt-packet's own parser is lenient on all of these
// (a string property that runs past its section decodes to null, trailing bytes are ignored), and
// the broker is the oracle: it reads exactly, once. mqtt-packet still writes every packet it sends.
import type { IConnectPacket, IPublishPacket, ISubscription, Packet } from "mqtt-packet";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import { FrameReader, malformed } from "./frame-reader.ts";
import { readFrameHeader } from "./framer.ts";
import { checkClientProperties, type PropertyPlace } from "./property-rules.ts";
import { propertiesObject, readPropertySection, type PropertyEntry } from "./property-section.ts";

export type ProtocolVersion = 4 | 5;

/** A CONNECT naming a protocol the broker does not speak: refused with CONNACK [BAD-02]. */
export class UnsupportedProtocolError extends ErrorWithReasonCode {
  constructor(
    readonly protocolName: string,
    readonly protocolLevel: number,
  ) {
    super(
      ReasonCode.UnsupportedProtocolVersion,
      `protocol ${JSON.stringify(protocolName)} level ${protocolLevel} is not supported`,
    );
  }
}

/** A packet as read, with what the packet object does not keep: its properties in wire order. */
export interface PacketReading {
  packet: Packet;
  properties: PropertyEntry[];
  willProperties: PropertyEntry[];
}

export const connectPacketType = 1;

const connectFlag = {
  reserved: 0x01,
  cleanStart: 0x02,
  will: 0x04,
  willRetain: 0x20,
  password: 0x40,
  userName: 0x80,
} as const;

function protocolError(reason: string): ErrorWithReasonCode {
  return new ErrorWithReasonCode(ReasonCode.ProtocolError, reason);
}

/** Reads and checks one property section; its entries and the object mqtt-packet would have made. */
function readProperties(
  reader: FrameReader,
  place: PropertyPlace,
  what: string,
): { entries: PropertyEntry[]; object: Record<string, unknown> | undefined } {
  const entries = readPropertySection(reader, what);
  checkClientProperties(place, entries);
  return { entries, object: propertiesObject(entries) };
}

/** A fixed-header flag nibble other than the one the packet type requires is malformed [MQTT-2.2.2-2]. */
function expectFlags(firstByte: number, flags: number, name: string): void {
  if ((firstByte & 0x0f) !== flags)
    throw malformed(`${name} with fixed-header flags ${(firstByte & 0x0f).toString(2).padStart(4, "0")}`);
}

/**
 * The protocol level of a CONNECT, read before the rest of it so that a refusal can answer in the
 * client's own version; throws UnsupportedProtocolError for anything but MQTT 3.1.1 or 5.
 */
export function connectProtocolLevel(frame: Buffer): ProtocolVersion {
  const reader = new FrameReader(frame, readFrameHeader(frame)!.headerLength);
  const name = reader.string("the protocol name");
  const level = reader.byte("the protocol level");
  if (name !== "MQTT" || (level !== 4 && level !== 5)) throw new UnsupportedProtocolError(name, level);
  return level;
}

function readConnect(reader: FrameReader, reading: PacketReading): IConnectPacket {
  reader.string("the protocol name");
  const protocolVersion = reader.byte("the protocol level") as ProtocolVersion;
  const flags = reader.byte("the Connect Flags");
  const willQos = (flags >> 3) & 0x03;
  // [MQTT-3.1.2-3] the reserved flag is 0; [MQTT-3.1.2-11] [MQTT-3.1.2-13] [MQTT-3.1.2-15] no Will,
  // no Will QoS or Retain
  if (flags & connectFlag.reserved) throw malformed("the reserved Connect Flag is set");
  if (!(flags & connectFlag.will) && (willQos !== 0 || flags & connectFlag.willRetain))
    throw malformed("Will QoS or Will Retain without a Will");
  if (willQos === 3) throw malformed("Will QoS 3"); // [MQTT-3.1.2-12]
  // [MQTT-3.1.2-22] in MQTT 3.1.1 a password needs a user name
  if (protocolVersion === 4 && flags & connectFlag.password && !(flags & connectFlag.userName))
    throw malformed("a Password without a User Name");
  const packet: IConnectPacket = {
    cmd: "connect",
    protocolId: "MQTT",
    protocolVersion,
    clean: (flags & connectFlag.cleanStart) !== 0,
    keepalive: reader.uint16("the Keep Alive"),
    clientId: "",
  };
  if (protocolVersion === 5) {
    const properties = readProperties(reader, "connect", "CONNECT");
    reading.properties = properties.entries;
    if (properties.object) packet.properties = properties.object;
  }
  packet.clientId = reader.string("the Client Identifier");
  if (flags & connectFlag.will) {
    const willProperties = protocolVersion === 5 ? readProperties(reader, "will", "the Will") : undefined;
    reading.willProperties = willProperties?.entries ?? [];
    packet.will = {
      topic: reader.string("the Will Topic"),
      payload: reader.binary("the Will Payload"),
      qos: willQos as 0 | 1 | 2,
      retain: (flags & connectFlag.willRetain) !== 0,
      ...(willProperties?.object ? { properties: willProperties.object } : {}),
    };
  }
  if (flags & connectFlag.userName) packet.username = reader.string("the User Name");
  if (flags & connectFlag.password) packet.password = reader.binary("the Password");
  reader.expectEnd("the CONNECT payload");
  return packet;
}

function readPublish(
  reader: FrameReader,
  firstByte: number,
  version: ProtocolVersion,
  reading: PacketReading,
): IPublishPacket {
  const qos = (firstByte >> 1) & 0x03;
  if (qos === 3) throw malformed("PUBLISH with QoS 3"); // [MQTT-3.3.1-4]
  const packet: IPublishPacket = {
    cmd: "publish",
    topic: reader.string("the Topic Name"),
    payload: Buffer.alloc(0),
    qos: qos as 0 | 1 | 2,
    retain: (firstByte & 0x01) !== 0,
    dup: (firstByte & 0x08) !== 0,
  };
  if (qos > 0) packet.messageId = reader.uint16("the Packet Identifier");
  if (version === 5) {
    const properties = readProperties(reader, "publish", "PUBLISH");
    reading.properties = properties.entries;
    if (properties.object) packet.properties = properties.object;
  }
  packet.payload = reader.rest();
  return packet;
}

/** MQTT 5 packets may end after any of: Packet Identifier, Reason Code, properties. */
function readReasonAndProperties(
  reader: FrameReader,
  version: ProtocolVersion,
  reading: PacketReading,
  place: PropertyPlace,
  name: string,
): { reasonCode?: number; properties?: Record<string, unknown> } {
  const result: { reasonCode?: number; properties?: Record<string, unknown> } = {};
  if (version === 5) result.reasonCode = reader.remaining > 0 ? reader.byte("the Reason Code") : 0;
  if (version === 5 && reader.remaining > 0) {
    const properties = readProperties(reader, place, name);
    reading.properties = properties.entries;
    if (properties.object) result.properties = properties.object;
  }
  reader.expectEnd(name);
  return result;
}

/**
 * [MQTT-3.8.3-5] reserved option bits are malformed; QoS 3 and Retain Handling 3 are protocol
 * errors in MQTT 5 (3.8.3.1).
 */
function readSubscription(reader: FrameReader, version: ProtocolVersion): ISubscription {
  const topic = reader.string("a Topic Filter");
  const options = reader.byte("the Subscription Options");
  if (options & (version === 5 ? 0xc0 : 0xfc)) throw malformed("reserved bits of the Subscription Options are set");
  const qos = options & 0x03;
  const retainHandling = (options >> 4) & 0x03;
  if (qos === 3)
    throw version === 5 ? protocolError("a subscription asks for QoS 3") : malformed("a subscription asks for QoS 3");
  if (retainHandling === 3) throw protocolError("Retain Handling 3");
  const subscription: ISubscription = { topic, qos: qos as 0 | 1 | 2 };
  if (version === 5)
    Object.assign(subscription, { nl: (options & 0x04) !== 0, rap: (options & 0x08) !== 0, rh: retainHandling });
  return subscription;
}

function readSubscribe(reader: FrameReader, version: ProtocolVersion, reading: PacketReading): Packet {
  const messageId = reader.uint16("the Packet Identifier");
  const properties = version === 5 ? readProperties(reader, "subscribe", "SUBSCRIBE") : undefined;
  reading.properties = properties?.entries ?? [];
  const subscriptions: ISubscription[] = [];
  while (reader.remaining > 0) subscriptions.push(readSubscription(reader, version));
  return {
    cmd: "subscribe",
    messageId,
    subscriptions,
    ...(properties?.object ? { properties: properties.object } : {}),
  };
}

function readUnsubscribe(reader: FrameReader, version: ProtocolVersion, reading: PacketReading): Packet {
  const messageId = reader.uint16("the Packet Identifier");
  const properties = version === 5 ? readProperties(reader, "unsubscribe", "UNSUBSCRIBE") : undefined;
  reading.properties = properties?.entries ?? [];
  const unsubscriptions: string[] = [];
  while (reader.remaining > 0) unsubscriptions.push(reader.string("a Topic Filter"));
  return {
    cmd: "unsubscribe",
    messageId,
    unsubscriptions,
    ...(properties?.object ? { properties: properties.object } : {}),
  };
}

const acknowledgements = { 4: "puback", 5: "pubrec", 6: "pubrel", 7: "pubcomp" } as const;
const serverOnly = { 2: "CONNACK", 9: "SUBACK", 11: "UNSUBACK", 13: "PINGRESP" } as const;

/**
 * Reads a whole frame sent by a client of the given protocol version (a CONNECT's own level
 * applies to it). Throws ErrorWithReasonCode: 0x81 when the packet is malformed, 0x82 for a rule
 * of the protocol it breaks.
 */
export function readClientPacket(frame: Buffer, version: ProtocolVersion): PacketReading {
  const reader = new FrameReader(frame, readFrameHeader(frame)!.headerLength);
  const reading: PacketReading = { packet: { cmd: "pingreq" }, properties: [], willProperties: [] };
  const firstByte = frame[0];
  const type = firstByte >> 4;
  switch (type) {
    case 1:
      expectFlags(firstByte, 0, "CONNECT");
      reading.packet = readConnect(reader, reading);
      break;
    case 3:
      reading.packet = readPublish(reader, firstByte, version, reading);
      break;
    case 4:
    case 5:
    case 6:
    case 7: {
      const cmd = acknowledgements[type];
      expectFlags(firstByte, cmd === "pubrel" ? 0x02 : 0, cmd.toUpperCase());
      const messageId = reader.uint16("the Packet Identifier");
      reading.packet = {
        cmd,
        messageId,
        ...readReasonAndProperties(reader, version, reading, "acknowledgement", cmd.toUpperCase()),
      } as Packet;
      break;
    }
    case 8:
      expectFlags(firstByte, 0x02, "SUBSCRIBE");
      reading.packet = readSubscribe(reader, version, reading);
      break;
    case 10:
      expectFlags(firstByte, 0x02, "UNSUBSCRIBE");
      reading.packet = readUnsubscribe(reader, version, reading);
      break;
    case 12:
      expectFlags(firstByte, 0, "PINGREQ");
      reader.expectEnd("PINGREQ");
      break;
    case 14:
      expectFlags(firstByte, 0, "DISCONNECT");
      reading.packet = {
        cmd: "disconnect",
        ...readReasonAndProperties(reader, version, reading, "disconnect", "DISCONNECT"),
      };
      break;
    case 15:
      if (version !== 5) throw malformed("packet type 15 does not exist in MQTT 3.1.1");
      expectFlags(firstByte, 0, "AUTH");
      reading.packet = { cmd: "auth", ...readReasonAndProperties(reader, version, reading, "auth", "AUTH") } as Packet;
      break;
    case 2:
    case 9:
    case 11:
    case 13:
      throw protocolError(`${serverOnly[type]} is only sent by a server`);
    default:
      throw malformed("packet type 0 is reserved");
  }
  return reading;
}
