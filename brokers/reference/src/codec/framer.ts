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
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maximumPacketSize: number) {}

  /** True when part of a packet has arrived and the rest has not. */
  get midPacket(): boolean {
    return this.pending.length > 0;
  }

  /** Adds bytes; returns every packet now complete. Throws ErrorWithReasonCode on a bad header. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      if (this.pending.length < 2) break;
      const header = readFrameHeader(this.pending);
      if (!header) break;
      const size = header.headerLength + header.remainingLength;
      if (size > this.maximumPacketSize) {
        throw new ErrorWithReasonCode(
          ReasonCode.PacketTooLarge,
          `packet of ${size} bytes exceeds the maximum packet size of ${this.maximumPacketSize}`,
        );
      }
      if (this.pending.length < size) break;
      frames.push(this.pending.subarray(0, size));
      this.pending = this.pending.subarray(size);
    }
    return frames;
  }
}
