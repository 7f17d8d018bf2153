// Byte builders for MQTT 5 packets mqtt-packet will not generate: property sections written by
// hand, so a test can send a property twice, one that belongs to another packet, or one whose
// length runs past its section.
import { genBufVariableByteInt as encodeVariableByteInteger } from "mqtt-packet/numbers.js";

export const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");

/** A UTF-8 string or binary field: two length bytes, then the bytes. */
export function field(value: string | Buffer): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A property section: its Variable Byte Integer length, then the properties as given. */
export function properties(...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([encodeVariableByteInteger(body.length), body]);
}

/** A whole packet: first byte, Remaining Length, body. */
export function packet(firstByte: number, ...body: Buffer[]): Buffer {
  const rest = Buffer.concat(body);
  return Buffer.concat([Buffer.from([firstByte]), encodeVariableByteInteger(rest.length), rest]);
}

export interface RawWill {
  topic: string;
  payload?: string;
  /** The Will Properties section, length included (see `properties`). */
  properties: Buffer;
  qos?: 0 | 1;
}

export interface RawConnect {
  clientId: string;
  keepAlive?: number;
  cleanStart?: boolean;
  /** The CONNECT Properties section, length included; default none. */
  properties?: Buffer;
  will?: RawWill;
}

/** An MQTT 5 CONNECT with hand-written property sections. */
export function connect5(fields: RawConnect): Buffer {
  const will = fields.will;
  const flags = (fields.cleanStart === false ? 0 : 0x02) | (will ? 0x04 | ((will.qos ?? 0) << 3) : 0);
  const keepAlive = Buffer.alloc(2);
  keepAlive.writeUInt16BE(fields.keepAlive ?? 60);
  const willPart = will ? [will.properties, field(will.topic), field(will.payload ?? "gone")] : [];
  return packet(
    0x10,
    field("MQTT"),
    Buffer.from([5, flags]),
    keepAlive,
    fields.properties ?? properties(),
    field(fields.clientId),
    ...willPart,
  );
}

export interface RawPublish {
  topic: string | Buffer;
  qos?: 0 | 1;
  packetId?: number;
  retain?: boolean;
  /** The property section, length included; default none. */
  properties?: Buffer;
  payload?: string | Buffer;
}

/** An MQTT 5 PUBLISH with a hand-written property section. */
export function publish5(fields: RawPublish): Buffer {
  const qos = fields.qos ?? 0;
  const packetId = Buffer.alloc(qos > 0 ? 2 : 0);
  if (qos > 0) packetId.writeUInt16BE(fields.packetId ?? 1);
  const payload =
    typeof fields.payload === "string" ? Buffer.from(fields.payload, "utf8") : (fields.payload ?? Buffer.alloc(0));
  return packet(
    0x30 | (qos << 1) | (fields.retain ? 1 : 0),
    field(fields.topic),
    packetId,
    fields.properties ?? properties(),
    payload,
  );
}

/** An MQTT 3.1.1 PUBLISH at QoS 0 with a raw topic. */
export function publish4(topic: Buffer, payload: Buffer): Buffer {
  return packet(0x30, field(topic), payload);
}
