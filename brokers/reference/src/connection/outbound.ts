// The bytes a connection sends. Writes made in one turn of the event loop leave as one write
// (the stream is corked until the turn ends), which is what lets a burst of small PUBLISHes to
// one client cost one system call instead of hundreds.
import type { Duplex } from "node:stream";

export class Outbound {
  private corked = false;

  constructor(private readonly stream: Duplex) {}

  /** Bytes written to the stream that the network has not taken yet. */
  get buffered(): number {
    return this.stream.writableLength;
  }

  get closed(): boolean {
    return this.stream.destroyed || this.stream.writableEnded;
  }

  write(bytes: Buffer): void {
    if (this.closed) return;
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(() => {
        this.corked = false;
        this.stream.uncork();
      });
    }
    this.stream.write(bytes);
  }
}
