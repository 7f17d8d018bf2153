// MQTT 5 User Properties in the order they were sent [M5-12]. mqtt-packet's decoder folds them
// into an object keyed by name: repeated keys survive as arrays, but how different keys were
// interleaved (a=1, b=2, a=3) is lost, and its encoder writes them grouped by key. The codec reads
// the pairs from the raw bytes (codec/packet-reader.ts) and tags the decoded object with their
// order, so the order travels wherever the object goes (message, Will, retained store) without
// every holder knowing; this module writes them back in that order. The suite's driver uses the
// same reader to check what a broker forwards.
import { generate, type IPublishPacket, type UserProperties } from "mqtt-packet";
import { genBufVariableByteInt } from "mqtt-packet/numbers.js";
import { FrameReader } from "../codec/frame-reader.ts";
import { readFrameHeader } from "../codec/framer.ts";
import {
  readPropertySection,
  userPropertyId,
  userPropertyPairs,
  type UserPropertyPair,
} from "../codec/property-section.ts";

export type { UserPropertyPair } from "../codec/property-section.ts";

/** Where a property section lies: `start` is its length prefix, `end` the first byte after it. */
interface PropertySection {
  start: number;
  contentStart: number;
  end: number;
}

/** The property section of an MQTT 5 PUBLISH frame, and what it holds. */
function publishPropertySection(frame: Buffer): PropertySection & { pairs: UserPropertyPair[] } {
  const reader = new FrameReader(frame, readFrameHeader(frame)!.headerLength);
  reader.binary("the Topic Name");
  if ((frame[0] >> 1) & 0x03) reader.uint16("the Packet Identifier");
  const start = reader.position;
  const length = reader.variableByteInteger("the Property Length");
  const contentStart = reader.position;
  const pairs = userPropertyPairs(readPropertySection(new FrameReader(frame, start), "PUBLISH"));
  return { start, contentStart, end: contentStart + length, pairs };
}

/** The User Properties of an MQTT 5 PUBLISH frame, in the order they are on the wire. */
export function publishUserProperties(frame: Buffer): UserPropertyPair[] {
  return publishPropertySection(frame).pairs;
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
 * The pairs in wire order, if the object was tagged by `tagUserPropertyOrder` and still
 * holds exactly those pairs (an object changed since decoding has lost its order).
 */
export function wireOrderOf(userProperties: UserProperties | undefined): UserPropertyPair[] | undefined {
  const pairs = (userProperties as TaggedUserProperties | undefined)?.[wireOrder];
  if (!pairs || !userProperties) return undefined;
  return JSON.stringify(foldPairs(pairs)) === JSON.stringify(userProperties) ? pairs : undefined;
}

/** Tags decoded User Properties with the order their pairs had on the wire. */
export function tagUserPropertyOrder(userProperties: UserProperties | undefined, pairs: UserPropertyPair[]): void {
  if (userProperties && pairs.length > 0) (userProperties as TaggedUserProperties)[wireOrder] = pairs;
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
  const variableHeaderStart = readFrameHeader(frame)!.headerLength;
  const body = Buffer.concat([
    frame.subarray(variableHeaderStart, section.start),
    genBufVariableByteInt(properties.length),
    properties,
    frame.subarray(section.end),
  ]);
  return Buffer.concat([frame.subarray(0, 1), genBufVariableByteInt(body.length), body]);
}

/** Encodes a PUBLISH with mqtt-packet; MQTT 5 User Properties with a known wire order are written in that order. */
export function encodeWithUserPropertyOrder(packet: IPublishPacket, protocolVersion: 4 | 5): Buffer {
  const pairs = protocolVersion === 5 ? wireOrderOf(packet.properties?.userProperties) : undefined;
  if (!pairs) return generate(packet, { protocolVersion });
  const { userProperties: _ordered, ...otherProperties } = packet.properties ?? {};
  return appendUserProperties(generate({ ...packet, properties: otherProperties }, { protocolVersion }), pairs);
}
