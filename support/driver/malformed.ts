// Builders of malformed and protocol-violating packets, for the bad-input scenarios (BAD group).
// mqtt-packet's generator refuses most invalid packets, so each builder starts from a valid packet
// where it can and breaks exactly one rule, named in the builder's name and cited in its comment.
// test/driver/malformed.test.ts shows the exact bytes of each.
import { generate, type IConnectPacket } from "mqtt-packet";
import { genBufVariableByteInt } from "mqtt-packet/numbers.js";
import type { ConnectFields, ProtocolVersion } from "./client.ts";

/** Byte offset of the variable header: after the type byte and the Remaining Length. */
function variableHeaderOffset(packet: Buffer): number {
  let index = 1;
  while (packet[index] & 0x80) index++;
  return index + 1;
}

/**
 * A valid CONNECT of this version, a clean session with keep-alive 60 unless the fields say
 * otherwise: the packet most builders start from, and one scenarios send ahead of or behind others.
 */
export function connectWith(version: ProtocolVersion, fields: ConnectFields): Buffer {
  const connect = {
    cmd: "connect",
    protocolId: "MQTT",
    protocolVersion: version,
    clean: true,
    keepalive: 60,
    ...fields,
  };
  return generate(connect as IConnectPacket, { protocolVersion: version });
}

/** A valid CONNECT with only a client identifier. */
function validConnect(version: ProtocolVersion, clientId: string): Buffer {
  return connectWith(version, { clientId });
}

/** Offset of the Connect Flags byte of a CONNECT with protocol name "MQTT". */
function connectFlagsOffset(connect: Buffer): number {
  return variableHeaderOffset(connect) + 2 + 4 + 1;
}

/**
 * [BAD-03] [MQTT-1.5.5-1] a Variable Byte Integer has at most four bytes: a PUBLISH header
 * whose fourth Remaining Length byte still has its continuation bit set.
 */
export function remainingLengthOfFiveBytes(): Buffer {
  return Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]);
}

/**
 * [BAD-04] [MQTT-1.5.4-1] strings are well-formed UTF-8: a QoS 0 PUBLISH whose topic is `prefix`
 * followed by 0xC3 0x28 (a two-byte sequence whose second byte is not a continuation byte).
 */
export function publishWithInvalidUtf8Topic(prefix: string, payload: string): Buffer {
  return publishWithTopicBytes(Buffer.concat([Buffer.from(prefix, "utf8"), Buffer.from([0xc3, 0x28])]), payload);
}

/**
 * [BAD-04] [MQTT-1.5.4-2] a UTF-8 string must not contain U+0000: a QoS 0 PUBLISH whose topic
 * is `prefix` followed by the null character.
 */
export function publishWithNullCharacterInTopic(version: ProtocolVersion, prefix: string, payload: string): Buffer {
  return generate(
    { cmd: "publish", topic: `${prefix}\u0000`, payload: Buffer.from(payload), qos: 0, retain: false, dup: false },
    { protocolVersion: version },
  );
}

/**
 * [BAD-04] [MQTT-1.5.4-1] a CONNECT whose client identifier is `prefix` followed by 0xC3 0x28.
 * The valid identifier is replaced byte for byte, so every length stays right.
 */
export function connectWithInvalidUtf8ClientId(version: ProtocolVersion, prefix: string): Buffer {
  const connect = validConnect(version, `${prefix}xx`);
  connect.set([0xc3, 0x28], connect.length - 2);
  return connect;
}

/**
 * [BAD-06] [MQTT-3.8.1-1] the fixed-header flags of SUBSCRIBE are 0b0010: the same SUBSCRIBE
 * with flags 0b0000 (first byte 0x80 instead of 0x82).
 */
export function subscribeWithReservedFlags(version: ProtocolVersion, packetId: number, filter: string): Buffer {
  const subscribe = generate(
    { cmd: "subscribe", messageId: packetId, subscriptions: [{ topic: filter, qos: 0 }] },
    { protocolVersion: version },
  );
  subscribe[0] = 0x80;
  return subscribe;
}

/** [BAD-06] [MQTT-3.10.1-1] UNSUBSCRIBE flags must be 0b0010: first byte 0xA0 instead of 0xA2. */
export function unsubscribeWithReservedFlags(version: ProtocolVersion, packetId: number, filter: string): Buffer {
  const unsubscribe = generate(
    { cmd: "unsubscribe", messageId: packetId, unsubscriptions: [filter] },
    { protocolVersion: version },
  );
  unsubscribe[0] = 0xa0;
  return unsubscribe;
}

/** [BAD-06] [MQTT-3.6.1-1] PUBREL flags must be 0b0010: a PUBREL with first byte 0x60 instead of 0x62. */
export function pubrelWithReservedFlags(packetId: number): Buffer {
  return Buffer.from([0x60, 0x02, packetId >> 8, packetId & 0xff]);
}

/**
 * [BAD-07] [MQTT-2.2.1-3] a QoS 1 PUBLISH carries a non-zero packet identifier: the same PUBLISH
 * with identifier 0 (mqtt-packet generates it without complaint).
 */
export function publishQos1WithPacketIdZero(version: ProtocolVersion, topic: string, payload: string): Buffer {
  return generate(
    { cmd: "publish", topic, payload: Buffer.from(payload), qos: 1, messageId: 0, retain: false, dup: false },
    { protocolVersion: version },
  );
}

/**
 * [BAD-08] [MQTT-3.8.3-2] a SUBSCRIBE carries at least one topic filter: packet identifier (and
 * in MQTT 5 an empty property section), then nothing.
 */
export function subscribeWithoutTopicFilter(version: ProtocolVersion, packetId: number): Buffer {
  const id = [packetId >> 8, packetId & 0xff];
  return Buffer.from(version === 5 ? [0x82, 0x03, ...id, 0x00] : [0x82, 0x02, ...id]);
}

/** [BAD-08] [MQTT-3.10.3-2] an UNSUBSCRIBE carries at least one topic filter. */
export function unsubscribeWithoutTopicFilter(version: ProtocolVersion, packetId: number): Buffer {
  const id = [packetId >> 8, packetId & 0xff];
  return Buffer.from(version === 5 ? [0xa2, 0x03, ...id, 0x00] : [0xa2, 0x02, ...id]);
}

/**
 * [BAD-02] [MQTT-3.1.2-2] a CONNECT of an unsupported protocol level: a valid MQTT 3.1.1
 * CONNECT with its Protocol Level byte replaced.
 */
export function connectWithProtocolLevel(level: number, clientId: string): Buffer {
  const connect = validConnect(4, clientId);
  connect[connectFlagsOffset(connect) - 1] = level;
  return connect;
}

/**
 * [BAD-02] [MQTT-3.1.2-1] a CONNECT whose protocol name is not "MQTT": a valid CONNECT of the
 * given level with the four name bytes replaced (`name` must have four ASCII characters).
 */
export function connectWithProtocolName(name: string, version: ProtocolVersion, clientId: string): Buffer {
  if (Buffer.byteLength(name) !== 4) throw new RangeError('connectWithProtocolName replaces the four bytes of "MQTT"');
  const connect = validConnect(version, clientId);
  connect.write(name, variableHeaderOffset(connect) + 2, "latin1");
  return connect;
}

/** [BAD-11] [MQTT-3.1.2-3] bit 0 of the Connect Flags is reserved and must be 0: set to 1. */
export function connectWithReservedFlag(version: ProtocolVersion, clientId: string): Buffer {
  const connect = validConnect(version, clientId);
  connect[connectFlagsOffset(connect)] |= 0x01;
  return connect;
}

/** [BAD-11] [MQTT-3.1.2-11] with the Will Flag 0, Will QoS must be 0: a CONNECT with Will QoS 1 and no Will. */
export function connectWithWillQosWithoutWill(version: ProtocolVersion, clientId: string): Buffer {
  const connect = validConnect(version, clientId);
  connect[connectFlagsOffset(connect)] |= 0x08;
  return connect;
}

/** [BAD-10] the first half of a packet: a sender that stops mid-packet. */
export function firstHalfOf(packet: Buffer): Buffer {
  return packet.subarray(0, Math.max(1, Math.floor(packet.length / 2)));
}

/**
 * [MQTT-1.5.3-1] no string encodes a surrogate (U+D800 to U+DFFF): a QoS 0 PUBLISH whose topic is
 * `prefix` followed by 0xED 0xA0 0x80, the UTF-8 form of U+D800.
 */
export function publishWithSurrogateInTopic(prefix: string, payload: string): Buffer {
  return publishWithTopicBytes(Buffer.concat([Buffer.from(prefix, "utf8"), Buffer.from([0xed, 0xa0, 0x80])]), payload);
}

/** A QoS 0 PUBLISH (MQTT 3.1.1 layout) with a topic of exactly these bytes. */
function publishWithTopicBytes(topic: Buffer, payload: string): Buffer {
  const body = Buffer.concat([
    Buffer.from([topic.length >> 8, topic.length & 0xff]),
    topic,
    Buffer.from(payload, "utf8"),
  ]);
  if (body.length > 127) throw new RangeError("these builders make one-byte Remaining Lengths only");
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** [MQTT-3.3.1-4] the two QoS bits of a PUBLISH are never both 1: a QoS 1 PUBLISH with its first byte made 0x36. */
export function publishWithQos3(version: ProtocolVersion, topic: string, payload: string): Buffer {
  const publish = generate(
    { cmd: "publish", topic, payload: Buffer.from(payload), qos: 1, messageId: 1, retain: false, dup: false },
    { protocolVersion: version },
  );
  publish[0] = 0x36;
  return publish;
}

/**
 * [MQTT-3.8.3-4] a requested-QoS byte has reserved bits 7 to 2 at 0 and a QoS of 0, 1 or 2: a
 * SUBSCRIBE whose requested-QoS byte is `byte` (0x03, or 0x41 with a reserved bit set).
 */
export function subscribeWithRequestedQosByte(
  version: ProtocolVersion,
  packetId: number,
  filter: string,
  byte: number,
): Buffer {
  const subscribe = generate(
    { cmd: "subscribe", messageId: packetId, subscriptions: [{ topic: filter, qos: 0 }] },
    { protocolVersion: version },
  );
  subscribe[subscribe.length - 1] = byte;
  return subscribe;
}

/**
 * [MQTT-4.7.3-1] [MQTT5-4.7.3-1] a topic name is never empty: a QoS 0 PUBLISH to the topic "", in
 * MQTT 5 with an empty property section (so no Topic Alias that could stand for the topic).
 */
export function publishToEmptyTopic(version: ProtocolVersion, payload: string): Buffer {
  return generate(
    { cmd: "publish", topic: "", payload: Buffer.from(payload), qos: 0, retain: false, dup: false },
    { protocolVersion: version },
  );
}

/** [MQTT-3.1.2-22] the Password Flag is 0 when the User Name Flag is: Connect Flags 0x42 with a password field. */
export function connectWithPasswordWithoutUserName(version: ProtocolVersion, clientId: string): Buffer {
  const connect = connectWith(version, { clientId, username: "u", password: Buffer.from("p") });
  // drop the user name field and its flag: what remains is a password without a user name
  const flagsAt = connectFlagsOffset(connect);
  const nameAt = connect.length - (2 + 1) - (2 + 1);
  const withoutName = Buffer.concat([connect.subarray(0, nameAt), connect.subarray(nameAt + 3)]);
  withoutName[flagsAt] &= ~0x80;
  withoutName[1] -= 3;
  return withoutName;
}

/** [MQTT-3.1.2-14] Will QoS 3 is never valid: a CONNECT with a Will whose QoS bits are both set. */
export function connectWithWillQos3(version: ProtocolVersion, clientId: string, willTopic: string): Buffer {
  const will = { topic: willTopic, payload: Buffer.from("gone"), qos: 1 as const, retain: false };
  const connect = connectWith(version, { clientId, will });
  connect[connectFlagsOffset(connect)] |= 0x18;
  return connect;
}

/** [MQTT-3.1.4-1] a CONNECT whose client identifier is cut short: its length says 4 bytes more than follow. */
export function connectWithTruncatedPayload(version: ProtocolVersion, clientId: string): Buffer {
  const connect = validConnect(version, clientId);
  const lengthAt = connect.length - Buffer.byteLength(clientId) - 2;
  connect.writeUInt16BE(Buffer.byteLength(clientId) + 4, lengthAt);
  return connect;
}

/** [MQTT-4.8.0-1] packet types 0 and 15 are reserved (15 is AUTH in MQTT 5): a bare fixed header of the type. */
export function packetOfReservedType(type: 0 | 15): Buffer {
  return Buffer.from([type << 4, 0x00]);
}

/**
 * [MQTT-3.1.3-8] an empty client identifier needs CleanSession 1: a CONNECT with an empty
 * identifier and CleanSession 0 (mqtt-packet refuses to generate it).
 */
export function connectWithEmptyIdentifierKeepingSession(): Buffer {
  const connect = validConnect(4, "");
  connect[connectFlagsOffset(connect)] &= ~0x02;
  return connect;
}

// MQTT 5 packets whose properties or options break a rule; written byte by byte, as mqtt-packet
// would refuse (or silently repair) each of them.

/** A Variable Byte Integer [MQTT5-1.5.5], as mqtt-packet writes it. */
function variableByteInteger(value: number): Buffer {
  return genBufVariableByteInt(value);
}

/** A UTF-8 string field from raw bytes: two-byte length, then the bytes as given. */
function stringField(bytes: Buffer | string): Buffer {
  const body = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  const length = Buffer.alloc(2);
  length.writeUInt16BE(body.length);
  return Buffer.concat([length, body]);
}

/** A packet from its first byte and its body (variable header and payload). */
function packet(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte]), variableByteInteger(body.length), body]);
}

/** A property section: its length, then the properties as given. */
function propertySection(properties: Buffer): Buffer {
  return Buffer.concat([variableByteInteger(properties.length), properties]);
}

/**
 * An MQTT 5 CONNECT (Clean Start 1, keep-alive 60) with the property bytes given; `will` adds a
 * Will whose Will Properties are the bytes given. `withoutPropertyLength` leaves the section out.
 */
function connect5(
  clientId: string,
  properties: Buffer,
  options: { will?: { topic: string; properties: Buffer }; withoutPropertyLength?: boolean } = {},
): Buffer {
  const flags = 0x02 | (options.will ? 0x04 : 0);
  const header = Buffer.concat([stringField("MQTT"), Buffer.from([5, flags, 0x00, 0x3c])]);
  const section = options.withoutPropertyLength ? Buffer.alloc(0) : propertySection(properties);
  const will = options.will
    ? Buffer.concat([propertySection(options.will.properties), stringField(options.will.topic), stringField("gone")])
    : Buffer.alloc(0);
  return packet(0x10, Buffer.concat([header, section, stringField(clientId), will]));
}

const sessionExpiryOf10 = Buffer.from([0x11, 0x00, 0x00, 0x00, 0x0a]);

/** [MQTT5-2.2.2-1] the property section is there even when empty: a CONNECT without its Property Length. */
export function connectWithoutPropertyLength(clientId: string): Buffer {
  return connect5(clientId, Buffer.alloc(0), { withoutPropertyLength: true });
}

/** [MQTT5-3.1.4-1] [MQTT5-2.2.2-2] a property identifier the specification does not define: 0x7F. */
export function connectWithUnknownProperty(clientId: string): Buffer {
  return connect5(clientId, Buffer.from([0x7f, 0x00]));
}

/** [MQTT5-3.1.4-1] a property that may appear once, twice: Session Expiry Interval. */
export function connectWithSessionExpiryTwice(clientId: string): Buffer {
  return connect5(clientId, Buffer.concat([sessionExpiryOf10, sessionExpiryOf10]));
}

/** [MQTT5-3.1.4-1] a property that does not belong there: Session Expiry Interval among the Will Properties. */
export function connectWithSessionExpiryInWill(clientId: string, willTopic: string): Buffer {
  return connect5(clientId, Buffer.alloc(0), { will: { topic: willTopic, properties: sessionExpiryOf10 } });
}

/** [MQTT5-3.1.4-1] Receive Maximum 0 is a Protocol Error. */
export function connectWithReceiveMaximumZero(clientId: string): Buffer {
  return connect5(clientId, Buffer.from([0x21, 0x00, 0x00]));
}

/** [MQTT5-3.1.4-1] Maximum Packet Size 0 is a Protocol Error. */
export function connectWithMaximumPacketSizeZero(clientId: string): Buffer {
  return connect5(clientId, Buffer.from([0x27, 0x00, 0x00, 0x00, 0x00]));
}

/** An MQTT 5 QoS 0 PUBLISH to `topic` with the property bytes given. */
function publish5(topic: string, properties: Buffer, payload = "x"): Buffer {
  return packet(0x30, Buffer.concat([stringField(topic), propertySection(properties), Buffer.from(payload)]));
}

/** [MQTT5-1.5.7-1] [MQTT5-1.5.4-2] a User Property whose name holds U+0000. */
export function publishWithNullInUserPropertyName(topic: string): Buffer {
  return publish5(
    topic,
    Buffer.concat([Buffer.from([0x26]), stringField(Buffer.from([0x61, 0x00, 0x62])), stringField("v")]),
  );
}

/** [MQTT5-1.5.7-1] [MQTT5-1.5.4-1] a User Property whose value is not UTF-8 (C3 28). */
export function publishWithInvalidUserPropertyValue(topic: string): Buffer {
  return publish5(
    topic,
    Buffer.concat([Buffer.from([0x26]), stringField("k"), stringField(Buffer.from([0xc3, 0x28]))]),
  );
}

/** [MQTT5-3.3.2-13] a Response Topic that is not UTF-8 (C3 28). */
export function publishWithInvalidResponseTopic(topic: string): Buffer {
  return publish5(topic, Buffer.concat([Buffer.from([0x08]), stringField(Buffer.from([0xc3, 0x28]))]));
}

/** [MQTT5-3.3.2-19] a Content Type that encodes a surrogate (ED A0 80). */
export function publishWithSurrogateContentType(topic: string): Buffer {
  return publish5(topic, Buffer.concat([Buffer.from([0x03]), stringField(Buffer.from([0xed, 0xa0, 0x80]))]));
}

/**
 * [MQTT5-3.8.3-5] reserved bits of the subscription options set: an MQTT 5 SUBSCRIBE whose options byte is `options`.
 */
export function subscribeWithOptionsByte(packetId: number, filter: string, options: number): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(packetId);
  return packet(
    0x82,
    Buffer.concat([id, propertySection(Buffer.alloc(0)), stringField(filter), Buffer.from([options])]),
  );
}
