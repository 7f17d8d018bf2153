// User Properties of an MQTT 5 PUBLISH in wire order [M5-12]. mqtt-packet decodes them into an
// object keyed by name (a=1, b=2, a=3 loses its interleaving) and encodes them grouped by name, so
// the driver reads and writes the pairs itself: it walks the property section of a PUBLISH frame,
// and appends pairs to a frame mqtt-packet generated.

export type UserPropertyPair = readonly [name: string, value: string];

const userPropertyId = 0x26;

/** How many bytes the value of each property a PUBLISH may carry takes ("string": 2-byte length). */
const publishPropertyKinds: Record<number, "byte" | "int16" | "int32" | "varint" | "string" | "pair"> = {
  0x01: "byte", // Payload Format Indicator
  0x02: "int32", // Message Expiry Interval
  0x03: "string", // Content Type
  0x08: "string", // Response Topic
  0x09: "string", // Correlation Data (binary: the same length prefix)
  0x0b: "varint", // Subscription Identifier
  0x23: "int16", // Topic Alias
  0x26: "pair", // User Property
};

function readVarint(bytes: Buffer, offset: number): { value: number; next: number } {
  let value = 0;
  for (let index = 0; index < 4; index++) {
    const byte = bytes[offset + index];
    if (byte === undefined) throw new RangeError("a Variable Byte Integer runs past the end of the packet");
    value += (byte & 0x7f) * 128 ** index;
    if ((byte & 0x80) === 0) return { value, next: offset + index + 1 };
  }
  throw new RangeError("a Variable Byte Integer is longer than four bytes");
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  do {
    const low = value % 128;
    value = Math.floor(value / 128);
    bytes.push(value > 0 ? low | 0x80 : low);
  } while (value > 0);
  return Buffer.from(bytes);
}

function stringAt(bytes: Buffer, offset: number): { text: string; next: number } {
  const length = bytes.readUInt16BE(offset);
  return { text: bytes.toString("utf8", offset + 2, offset + 2 + length), next: offset + 2 + length };
}

/** Where the property section of a PUBLISH frame is: its length prefix and its content. */
function publishPropertySection(frame: Buffer): { lengthAt: number; start: number; end: number } {
  const qos = (frame[0] >> 1) & 0x03;
  const { next: afterHeader } = readVarint(frame, 1);
  const topicLength = frame.readUInt16BE(afterHeader);
  const lengthAt = afterHeader + 2 + topicLength + (qos > 0 ? 2 : 0);
  const { value, next } = readVarint(frame, lengthAt);
  return { lengthAt, start: next, end: next + value };
}

/** The User Properties of an MQTT 5 PUBLISH frame, in the order they are on the wire. */
export function publishUserProperties(frame: Buffer): UserPropertyPair[] {
  const { start, end } = publishPropertySection(frame);
  const pairs: UserPropertyPair[] = [];
  let offset = start;
  while (offset < end) {
    const { value: id, next } = readVarint(frame, offset);
    const kind = publishPropertyKinds[id];
    if (!kind) throw new RangeError(`property 0x${id.toString(16)} does not belong in a PUBLISH`);
    if (kind === "pair") {
      const name = stringAt(frame, next);
      const value = stringAt(frame, name.next);
      pairs.push([name.text, value.text]);
      offset = value.next;
    } else if (kind === "string") offset = stringAt(frame, next).next;
    else if (kind === "varint") offset = readVarint(frame, next).next;
    else offset = next + { byte: 1, int16: 2, int32: 4 }[kind];
  }
  return pairs;
}

function utf8String(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A PUBLISH frame with the pairs added at the end of its property section, lengths fixed up. */
export function appendUserProperties(frame: Buffer, pairs: readonly UserPropertyPair[]): Buffer {
  const { lengthAt, start, end } = publishPropertySection(frame);
  const added = Buffer.concat(
    pairs.map(([name, value]) => Buffer.concat([Buffer.from([userPropertyId]), utf8String(name), utf8String(value)])),
  );
  const properties = Buffer.concat([frame.subarray(start, end), added]);
  const { next: afterHeader } = readVarint(frame, 1);
  const variableHeader = frame.subarray(afterHeader, lengthAt);
  const body = Buffer.concat([variableHeader, varint(properties.length), properties, frame.subarray(end)]);
  return Buffer.concat([frame.subarray(0, 1), varint(body.length), body]);
}
