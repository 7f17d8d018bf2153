// Splits the byte stream of a connection into whole MQTT packets before they are decoded, so the
// broker can refuse an oversized packet from its header alone [M5-10] [BAD-09], see a Remaining
// Length longer than four bytes [BAD-03], and know when a client stalls mid-packet [BAD-10].
import { ReasonCode, ErrorWithReasonCode } from "../reason-codes.ts";

/** [MQTT-1.5.5] a Variable Byte Integer has at most four bytes. */
const maxRemainingLengthBytes = 4;

interface FrameHeader {
  headerLength: number;
  remainingLength: number;
}

/** Reads the fixed header; undefined while more bytes are needed. */
export function readFrameHeader(buffer: Buffer): FrameHeader | undefined {
  let multiplier = 1;
  let remainingLength = 0;
  for (let index = 1; index <= maxRemainingLengthBytes; index++) {
    if (index >= buffer.length) return undefined;
    const byte = buffer[index];
    remainingLength += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return { headerLength: index + 1, remainingLength };
    multiplier *= 128;
  }
  // [BAD-03] the fourth length byte still says "more follows"
  throw new ErrorWithReasonCode(ReasonCode.MalformedPacket, "Remaining Length is longer than four bytes");
}

export class PacketFramer {
  /** Bytes received and not yet framed, in the chunks they came in (joined only once a frame is whole). */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Size of the frame being received, once its header is known. */
  private frameSize: number | undefined;

  constructor(private readonly maximumPacketSize: number) {}

  /** True when part of a packet has arrived and the rest has not. */
  get midPacket(): boolean {
    return this.buffered > 0;
  }

  /** Adds bytes; returns every packet now complete. Throws ErrorWithReasonCode on a bad header. */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Buffer[] = [];
    for (;;) {
      this.frameSize ??= this.readSize();
      if (this.frameSize === undefined || this.buffered < this.frameSize) break;
      frames.push(this.take(this.frameSize));
      this.frameSize = undefined;
    }
    return frames;
  }

  /** The size of the next frame from its fixed header; undefined while the header is incomplete. */
  private readSize(): number | undefined {
    if (this.buffered < 2) return undefined;
    const header = readFrameHeader(this.peek(1 + maxRemainingLengthBytes));
    if (!header) return undefined;
    const size = header.headerLength + header.remainingLength;
    if (size > this.maximumPacketSize) {
      throw new ErrorWithReasonCode(
        ReasonCode.PacketTooLarge,
        `packet of ${size} bytes exceeds the maximum packet size of ${this.maximumPacketSize}`,
      );
    }
    return size;
  }

  /** Up to `length` first bytes, without consuming them. */
  private peek(length: number): Buffer {
    return this.copyOut(Math.min(length, this.buffered), false);
  }

  /** The first `length` bytes, consumed: a view when they lie in one chunk, else one copy. */
  private take(length: number): Buffer {
    this.buffered -= length;
    return this.copyOut(length, true);
  }

  private copyOut(length: number, consume: boolean): Buffer {
    const first = this.chunks[0];
    if (first.length >= length) {
      if (consume && first.length === length) this.chunks.shift();
      else if (consume) this.chunks[0] = first.subarray(length);
      return first.subarray(0, length);
    }
    const bytes = Buffer.allocUnsafe(length);
    let filled = 0;
    let index = 0;
    while (filled < length) {
      const chunk = this.chunks[index];
      const part = Math.min(chunk.length, length - filled);
      chunk.copy(bytes, filled, 0, part);
      filled += part;
      if (part < chunk.length && consume) this.chunks[index] = chunk.subarray(part);
      else index++;
    }
    // whole chunks used up go in one splice: a packet trickled a byte at a time stays linear
    if (consume) this.chunks.splice(0, index);
    return bytes;
  }
}
