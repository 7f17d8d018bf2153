// Splits the bytes a broker sends into whole packets, so each decoded packet keeps its raw bytes
// (for hex dumps, and for checks mqtt-packet's decoder cannot make, such as property order).

export interface FrameSplit {
  frames: Buffer[];
  /** Bytes that cannot start a valid packet: a Remaining Length longer than four bytes. */
  garbage?: Buffer;
}

export class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): FrameSplit {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    while (this.pending.length >= 2) {
      let remainingLength = 0;
      let multiplier = 1;
      let headerLength = 0;
      for (let index = 1; index <= 4 && index < this.pending.length; index++) {
        const byte = this.pending[index];
        remainingLength += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          headerLength = index + 1;
          break;
        }
        if (index === 4) {
          const garbage = this.pending;
          this.pending = Buffer.alloc(0);
          return { frames, garbage };
        }
      }
      if (headerLength === 0 || this.pending.length < headerLength + remainingLength) break;
      frames.push(this.pending.subarray(0, headerLength + remainingLength));
      this.pending = this.pending.subarray(headerLength + remainingLength);
    }
    return { frames };
  }

  /** Bytes of an incomplete packet still waiting for the rest. */
  get leftover(): Buffer {
    return this.pending;
  }
}
