// A cursor over the bytes of one packet that never reads past where it may: each field is taken
// whole or the packet is malformed (0x81). Strings are checked as MQTT requires of every UTF-8
// string: well-formed, no surrogates, no U+0000 [MQTT-1.5.4-1] [MQTT-1.5.4-2].
import { isUtf8 } from "node:buffer";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";

export function malformed(reason: string): ErrorWithReasonCode {
  return new ErrorWithReasonCode(ReasonCode.MalformedPacket, reason);
}

export class FrameReader {
  constructor(
    private readonly bytes: Buffer,
    private offset: number,
    /** First byte after what this reader may read. */
    readonly end: number = bytes.length,
  ) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private take(length: number, what: string): number {
    if (length > this.remaining)
      throw malformed(`${what} runs past the end of its ${this.end === this.bytes.length ? "packet" : "section"}`);
    const at = this.offset;
    this.offset += length;
    return at;
  }

  byte(what: string): number {
    return this.bytes[this.take(1, what)];
  }

  uint16(what: string): number {
    return this.bytes.readUInt16BE(this.take(2, what));
  }

  uint32(what: string): number {
    return this.bytes.readUInt32BE(this.take(4, what));
  }

  /** A Variable Byte Integer [MQTT-1.5.5]: at most four bytes. */
  variableByteInteger(what: string): number {
    let value = 0;
    for (let index = 0; index < 4; index++) {
      const byte = this.byte(what);
      value += (byte & 0x7f) * 128 ** index;
      if ((byte & 0x80) === 0) return value;
    }
    throw malformed(`${what} is a Variable Byte Integer longer than four bytes`);
  }

  /** Two length bytes and that many bytes of data. */
  binary(what: string): Buffer {
    const length = this.uint16(`the length of ${what}`);
    const at = this.take(length, what);
    return this.bytes.subarray(at, at + length);
  }

  /** A UTF-8 Encoded String [MQTT-1.5.4]. */
  string(what: string): string {
    const bytes = this.binary(what);
    if (!isUtf8(bytes)) throw malformed(`${what} is not valid UTF-8`);
    if (bytes.includes(0)) throw malformed(`${what} contains U+0000`);
    return bytes.toString("utf8");
  }

  /** A reader over the next `length` bytes, which this one skips. */
  section(length: number, what: string): FrameReader {
    const at = this.take(length, what);
    return new FrameReader(this.bytes, at, at + length);
  }

  /** The rest, as it is (a PUBLISH payload). */
  rest(): Buffer {
    const at = this.take(this.remaining, "the payload");
    return this.bytes.subarray(at, this.end);
  }

  /** Nothing may follow: a packet or section that does not end where its length says is malformed. */
  expectEnd(what: string): void {
    if (this.remaining !== 0) throw malformed(`${this.remaining} unexpected bytes after ${what}`);
  }
}
