// The bytes a connection sends, and how much of them may wait for a client that reads slowly.
// Writes made in one turn of the event loop leave as one write (the stream is corked until the
// turn ends), so a burst of small PUBLISHes to one client costs one system call. Once more than
// `maxBufferedBytes` wait, the connection has no room: deliveries hold back (delivery.ts) and
// the client's own input is paused until the stream drains; if it stays full for
// `stallTimeoutMs`, the client is not reading at all and the connection is ended.
import type { Duplex } from "node:stream";
import type { Cancel, Scheduler } from "../edge-guard.ts";

export interface OutboundLimits {
  /** Bytes that may wait in the stream before the connection has no room. */
  maxBufferedBytes: number;
  /** How long the stream may stay without room before the client is given up on. */
  stallTimeoutMs: number;
}

export interface OutboundEvents {
  /** The stream has drained after having no room. */
  onRoom(): void;
  /** The stream stayed without room past the stall timeout. */
  onStalled(): void;
}

export class Outbound {
  private corked = false;
  private cancelStall: Cancel | undefined;

  constructor(
    private readonly stream: Duplex,
    private readonly limits: OutboundLimits,
    private readonly scheduler: Scheduler,
    private readonly events: OutboundEvents,
  ) {}

  /** Bytes written to the stream that the network has not taken yet. */
  get buffered(): number {
    return this.stream.writableLength;
  }

  /** Whether the client has taken enough of what was sent for more to go out. */
  get hasRoom(): boolean {
    return this.buffered < this.limits.maxBufferedBytes;
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
    if (!this.hasRoom) this.watchForRoom();
  }

  stop(): void {
    this.cancelStall?.();
  }

  /** 'drain' comes once everything written has left, which gives room again. */
  private watchForRoom(): void {
    if (this.cancelStall) return;
    this.cancelStall = this.scheduler.after(this.limits.stallTimeoutMs, "outbound stall", () =>
      this.events.onStalled(),
    );
    this.stream.once("drain", () => {
      this.cancelStall?.();
      this.cancelStall = undefined;
      this.events.onRoom();
    });
  }
}
