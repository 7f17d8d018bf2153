// Mutations of a valid packet's bytes: each breaks it in one way a careless or hostile client
// might (a flipped bit, a cut, a length that lies, a property that does not belong, another
// packet type's header, two packets run together). Most keep the Remaining Length consistent
// with the bytes, so the damage reaches the broker's parser rather than only its framer.
import { genBufVariableByteInt as encodeLength } from "mqtt-packet/numbers.js";
import type { Random } from "./random.ts";

export type Mutator = (bytes: Buffer, random: Random, another: () => Buffer) => Buffer;

const interestingBytes = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x26, 0x0b, 0x23];
const interestingLengths = [0x0000, 0x0001, 0x7fff, 0x8000, 0xffff];
/** MQTT 5 properties whose value starts with a two-byte length: strings, binary data, String Pairs. */
const lengthPrefixedProperties = new Set([0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1a, 0x1c, 0x1f, 0x26]);
const userPropertyId = 0x26;
/** MQTT 5 property identifiers, valid and not (0x00, 0x2b and above are unassigned). */
const propertyIds = [
  0x00, 0x01, 0x02, 0x03, 0x08, 0x09, 0x0b, 0x11, 0x12, 0x13, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1c, 0x1f, 0x21,
  0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x7f,
];

/** Where the body starts: after the first byte and the Remaining Length (at most 4 bytes). */
function bodyOffset(bytes: Buffer): number {
  let index = 1;
  while (index < bytes.length && index < 4 && bytes[index] & 0x80) index++;
  return Math.min(index + 1, bytes.length);
}

/** The same first byte, with a Remaining Length that matches `body`. */
function reframe(bytes: Buffer, body: Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, 1), encodeLength(body.length), body]);
}

const body = (bytes: Buffer): Buffer => Buffer.from(bytes.subarray(bodyOffset(bytes)));

/** A Variable Byte Integer at `at`: its value and its length in bytes. */
function readLength(bytes: Buffer, at: number): { value: number; size: number } | undefined {
  let value = 0;
  for (let index = 0; index < 4 && at + index < bytes.length; index++) {
    value += (bytes[at + index] & 0x7f) * 128 ** index;
    if ((bytes[at + index] & 0x80) === 0) return { value, size: index + 1 };
  }
  return undefined;
}

/**
 * Where the MQTT 5 property sections of a CONNECT body (its own and its Will's) or a PUBLISH body
 * start: the offsets of their Property Length. Guessed from the layout; a mutated packet may lie.
 */
function propertySections(firstByte: number, inner: Buffer): number[] {
  const field = (at: number): number => (at + 2 <= inner.length ? at + 2 + inner.readUInt16BE(at) : inner.length);
  if (firstByte >> 4 === 3) return [field(0) + ((firstByte >> 1) & 0x03 ? 2 : 0)];
  if (firstByte >> 4 !== 1 || inner[6] !== 5) return [];
  const connectProperties = 10; // "MQTT" name (6 bytes), level, flags, keep-alive (2)
  const sections = [connectProperties];
  const length = readLength(inner, connectProperties);
  // after the client id
  if (length && inner[7] & 0x04) sections.push(field(connectProperties + length.size + length.value));
  return sections;
}

export const mutators: Record<string, Mutator> = {
  bitFlip(bytes, random) {
    const copy = Buffer.from(bytes);
    for (let flips = random.between(1, 3); flips > 0; flips--) copy[random.below(copy.length)] ^= 1 << random.below(8);
    return copy;
  },
  interestingByte(bytes, random) {
    const inner = body(bytes);
    if (inner.length > 0) inner[random.below(inner.length)] = random.pick(interestingBytes);
    return reframe(bytes, inner);
  },
  truncateBody(bytes, random) {
    return reframe(bytes, body(bytes).subarray(0, random.below(Math.max(1, body(bytes).length))));
  },
  truncateFrame(bytes, random) {
    return bytes.subarray(0, random.between(1, Math.max(1, bytes.length - 1)));
  },
  appendBytes(bytes, random) {
    return reframe(bytes, Buffer.concat([body(bytes), random.bytes(random.between(1, 12))]));
  },
  remainingLength(bytes, random) {
    const inner = body(bytes);
    const lying = random.pick([0, inner.length - 1, inner.length + 1, inner.length + 200, 268435455]);
    if (random.chance(0.1))
      return Buffer.concat([bytes.subarray(0, 1), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7f]), inner]);
    return Buffer.concat([bytes.subarray(0, 1), encodeLength(Math.max(0, lying)), inner]);
  },
  lengthField(bytes, random) {
    const inner = body(bytes);
    if (inner.length < 2) return bytes;
    const at = random.below(inner.length - 1);
    inner.writeUInt16BE(
      random.chance(0.5)
        ? random.pick(interestingLengths)
        : Math.max(0, inner.readUInt16BE(at) + random.between(-2, 2)) & 0xffff,
      at,
    );
    return reframe(bytes, inner);
  },
  /** The length of a string or binary property (behind its identifier) made to run past its section. */
  propertyLength(bytes, random) {
    const inner = body(bytes);
    const candidates: number[] = [];
    for (let at = 0; at + 2 < inner.length; at++) {
      if (!lengthPrefixedProperties.has(inner[at])) continue;
      candidates.push(at + 1);
      // a User Property's value has a length of its own, after the name
      const valueLength = at + 3 + inner.readUInt16BE(at + 1);
      if (inner[at] === userPropertyId && valueLength + 2 <= inner.length) candidates.push(valueLength);
    }
    if (candidates.length === 0) return bytes;
    const at = random.pick(candidates);
    inner.writeUInt16BE(random.pick([0xffff, Math.min(0xffff, inner.readUInt16BE(at) + random.between(1, 8))]), at);
    return reframe(bytes, inner);
  },
  /**
   * A string or binary property cut off after its length, which now runs past the end of its
   * property section (`26 0001 6b ffff`): a parser that does not check gets a null value.
   */
  propertyOverrun(bytes, random) {
    const inner = body(bytes);
    const sections = propertySections(bytes[0], inner);
    if (sections.length === 0) return bytes;
    const start = random.pick(sections);
    const length = readLength(inner, start);
    if (!length) return bytes;
    const contentStart = start + length.size;
    const candidates = [
      ...inner.subarray(contentStart, Math.min(inner.length, contentStart + length.value)).keys(),
    ].filter((offset) => lengthPrefixedProperties.has(inner[contentStart + offset]));
    if (candidates.length === 0) return bytes;
    const property = contentStart + random.pick(candidates);
    // a User Property keeps its name; its value's length is the one that lies
    const lying =
      inner[property] === userPropertyId && property + 3 <= inner.length
        ? property + 3 + inner.readUInt16BE(property + 1)
        : property + 1;
    const section = Buffer.concat([inner.subarray(contentStart, lying), Buffer.from([0xff, 0xff])]);
    return reframe(
      bytes,
      Buffer.concat([
        inner.subarray(0, start),
        encodeLength(section.length),
        section,
        inner.subarray(contentStart + length.value),
      ]),
    );
  },
  propertyId(bytes, random) {
    const inner = body(bytes);
    if (inner.length > 0) inner[random.below(inner.length)] = random.pick(propertyIds);
    return reframe(bytes, inner);
  },
  insertProperty(bytes, random) {
    const inner = body(bytes);
    const at = random.below(inner.length + 1);
    const property = Buffer.concat([Buffer.from([random.pick(propertyIds)]), random.bytes(random.between(0, 6))]);
    return reframe(bytes, Buffer.concat([inner.subarray(0, at), property, inner.subarray(at)]));
  },
  typeSwap(bytes, random) {
    const copy = Buffer.from(bytes);
    copy[0] = (random.below(16) << 4) | (random.chance(0.5) ? copy[0] & 0x0f : random.below(16));
    return copy;
  },
  concatenate(bytes, _random, another) {
    return Buffer.concat([bytes, another()]);
  },
  spliceBodies(bytes, random, another) {
    const other = body(another());
    return reframe(
      bytes,
      Buffer.concat([
        body(bytes).subarray(0, random.below(body(bytes).length + 1)),
        other.subarray(random.below(other.length + 1)),
      ]),
    );
  },
};

const names = Object.keys(mutators);

/** Applies one or two mutations chosen at random; returns the bytes and what was done. */
export function mutate(bytes: Buffer, random: Random, another: () => Buffer): { bytes: Buffer; applied: string[] } {
  const applied: string[] = [];
  let result = bytes;
  for (let count = random.chance(0.2) ? 2 : 1; count > 0; count--) {
    const name = random.pick(names);
    result = mutators[name](result, random, another);
    applied.push(name);
  }
  return { bytes: result, applied };
}
