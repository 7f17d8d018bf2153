// MQTT 5 User Properties in the order they were sent [M5-12]. mqtt-packet's decoder folds them
// into an object keyed by name: repeated keys survive as arrays, but how different keys were
// interleaved (a=1, b=2, a=3) is lost, and its encoder writes them grouped by key. This module
// reads the pairs from the raw bytes of a PUBLISH (or of a CONNECT's Will Properties) and writes
// them back in that order. The decoded object is tagged with its wire order, so the order travels
// wherever the object goes (message, Will, retained store) without every holder knowing.
// The suite's driver uses the same reader to check what a broker forwards.
import { generate, type IPublishPacket, type Packet, type UserProperties } from "mqtt-packet";
import mqttConstants from "mqtt-packet/constants.js";

export type UserPropertyPair = readonly [name: string, value: string];

// mqtt-packet's own table of property identifiers and value types, so the walk skips each
// property exactly as the codec would (imported statically, so the image's bundle carries it)
const { properties: propertyIds, propertiesTypes } = mqttConstants;
const typeById = new Map(Object.entries(propertyIds).map(([name, id]) => [id, propertiesTypes[name]]));
const userPropertyId = propertyIds.userProperties;

const fixedSizes: Record<string, number> = { byte: 1, int8: 1, int16: 2, int32: 4 };

/** Reads a Variable Byte Integer [MQTT-1.5.5]: its value and how many bytes it took. */
export function readVariableByteInteger(bytes: Buffer, offset: number): { value: number; length: number } {
  let value = 0;
  for (let index = 0; index < 4; index++) {
    const byte = bytes[offset + index];
    if (byte === undefined) throw new RangeError("Variable Byte Integer runs past the end of the packet");
    value += (byte & 0x7f) * 128 ** index;
    if ((byte & 0x80) === 0) return { value, length: index + 1 };
  }
  throw new RangeError("Variable Byte Integer longer than four bytes");
}

export function encodeVariableByteInteger(value: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return Buffer.from(bytes);
}

function readString(bytes: Buffer, offset: number): { text: string; end: number } {
  const length = bytes.readUInt16BE(offset);
  return { text: bytes.toString("utf8", offset + 2, offset + 2 + length), end: offset + 2 + length };
}

/** Where a property section lies: `start` is its length prefix, `end` the first byte after it. */
interface PropertySection {
  start: number;
  contentStart: number;
  end: number;
}

function propertySectionAt(bytes: Buffer, start: number): PropertySection {
  const length = readVariableByteInteger(bytes, start);
  return { start, contentStart: start + length.length, end: start + length.length + length.value };
}

/** The User Property pairs of a property section, in wire order. */
function pairsIn(bytes: Buffer, section: PropertySection): UserPropertyPair[] {
  const pairs: UserPropertyPair[] = [];
  let offset = section.contentStart;
  while (offset < section.end) {
    const id = readVariableByteInteger(bytes, offset);
    offset += id.length;
    const type = typeById.get(id.value);
    if (type === "pair") {
      const name = readString(bytes, offset);
      const value = readString(bytes, name.end);
      pairs.push([name.text, value.text]);
      offset = value.end;
    } else if (type === "string" || type === "binary") offset += 2 + bytes.readUInt16BE(offset);
    else if (type === "var") offset += readVariableByteInteger(bytes, offset).length;
    else if (type !== undefined && fixedSizes[type] !== undefined) offset += fixedSizes[type];
    else throw new RangeError(`unknown property identifier 0x${id.value.toString(16)}`);
  }
  return pairs;
}

/** The property section of an MQTT 5 PUBLISH frame. */
function publishPropertySection(frame: Buffer): PropertySection {
  const header = readVariableByteInteger(frame, 1);
  const topicEnd = 1 + header.length + 2 + frame.readUInt16BE(1 + header.length);
  const qos = (frame[0] >> 1) & 0x03;
  return propertySectionAt(frame, qos > 0 ? topicEnd + 2 : topicEnd);
}

/** The User Properties of an MQTT 5 PUBLISH frame, in the order they are on the wire. */
export function publishUserProperties(frame: Buffer): UserPropertyPair[] {
  return pairsIn(frame, publishPropertySection(frame));
}

/** The User Properties of the Will Properties in an MQTT 5 CONNECT frame; empty without a Will. */
export function willUserProperties(frame: Buffer): UserPropertyPair[] {
  const header = readVariableByteInteger(frame, 1);
  const protocolNameEnd = 1 + header.length + 2 + frame.readUInt16BE(1 + header.length);
  const flags = frame[protocolNameEnd + 1];
  if ((flags & 0x04) === 0) return [];
  const connectProperties = propertySectionAt(frame, protocolNameEnd + 4);
  const clientIdEnd = connectProperties.end + 2 + frame.readUInt16BE(connectProperties.end);
  return pairsIn(frame, propertySectionAt(frame, clientIdEnd));
}

const wireOrder = Symbol("user properties in wire order");
type TaggedUserProperties = UserProperties & { [wireOrder]?: UserPropertyPair[] };

/** The object mqtt-packet would decode these pairs into. */
function foldPairs(pairs: readonly UserPropertyPair[]): UserProperties {
  const folded: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const held = folded[name];
    folded[name] = held === undefined ? value : Array.isArray(held) ? [...held, value] : [held, value];
  }
  return folded;
}

/**
 * The pairs in wire order, if the object was tagged by `rememberUserPropertyOrder` and still
 * holds exactly those pairs (an object changed since decoding has lost its order).
 */
export function wireOrderOf(userProperties: UserProperties | undefined): UserPropertyPair[] | undefined {
  const pairs = (userProperties as TaggedUserProperties | undefined)?.[wireOrder];
  if (!pairs || !userProperties) return undefined;
  return JSON.stringify(foldPairs(pairs)) === JSON.stringify(userProperties) ? pairs : undefined;
}

function tag(userProperties: UserProperties | undefined, pairs: UserPropertyPair[]): void {
  if (userProperties && pairs.length > 0) (userProperties as TaggedUserProperties)[wireOrder] = pairs;
}

/** Tags the user properties of a decoded MQTT 5 PUBLISH or Will with their order on the wire. */
export function rememberUserPropertyOrder(packet: Packet, frame: Buffer): void {
  if (packet.cmd === "publish" && packet.properties?.userProperties) tag(packet.properties.userProperties, publishUserProperties(frame));
  if (packet.cmd === "connect" && packet.will?.properties?.userProperties) tag(packet.will.properties.userProperties, willUserProperties(frame));
}

function encodePair([name, value]: UserPropertyPair): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  const valueBytes = Buffer.from(value, "utf8");
  const pair = Buffer.alloc(1 + 2 + nameBytes.length + 2 + valueBytes.length);
  pair[0] = userPropertyId;
  pair.writeUInt16BE(nameBytes.length, 1);
  nameBytes.copy(pair, 3);
  pair.writeUInt16BE(valueBytes.length, 3 + nameBytes.length);
  valueBytes.copy(pair, 5 + nameBytes.length);
  return pair;
}

/**
 * Adds User Properties, in the given order, at the end of the property section of an MQTT 5
 * PUBLISH frame that has none, fixing the Property Length and the Remaining Length.
 */
export function appendUserProperties(frame: Buffer, pairs: readonly UserPropertyPair[]): Buffer {
  const section = publishPropertySection(frame);
  const added = Buffer.concat(pairs.map(encodePair));
  const properties = Buffer.concat([frame.subarray(section.contentStart, section.end), added]);
  const header = readVariableByteInteger(frame, 1);
  const variableHeaderStart = 1 + header.length;
  const body = Buffer.concat([
    frame.subarray(variableHeaderStart, section.start),
    encodeVariableByteInteger(properties.length),
    properties,
    frame.subarray(section.end),
  ]);
  return Buffer.concat([frame.subarray(0, 1), encodeVariableByteInteger(body.length), body]);
}

/** Encodes a PUBLISH; MQTT 5 User Properties with a known wire order are written in that order. */
export function encodePublish(packet: IPublishPacket, protocolVersion: 4 | 5): Buffer {
  const pairs = protocolVersion === 5 ? wireOrderOf(packet.properties?.userProperties) : undefined;
  if (!pairs) return generate(packet, { protocolVersion });
  const { userProperties: _ordered, ...otherProperties } = packet.properties ?? {};
  return appendUserProperties(generate({ ...packet, properties: otherProperties }, { protocolVersion }), pairs);
}
