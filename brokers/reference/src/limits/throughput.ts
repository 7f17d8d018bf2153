// [LIM-05] The bytes one connection may send per second. A client sending faster is not refused
// and loses nothing: what is over its budget waits here, and the broker stops reading from it
// until the budget has refilled, so TCP's own flow control slows it down and its data is
// handled later. The budget is a one-second bucket: a second's worth may come at once.
import type { Scheduler } from "../edge-guard.ts";

/** The shortest wait before handling more: finer slices cost timers and buy nothing. */
const shortestWaitMs = 10;

export class ThroughputCap {
  /** Bytes that may be handled now. */
  private budget: number;
  private refilledAt: number;
  /** Bytes received over the budget, in arrival order. */
  private readonly waiting: Buffer[] = [];
  private drainScheduled = false;

  constructor(
    private readonly bytesPerSecond: number | undefined,
    private readonly timers: Scheduler,
    /** Handles bytes within the budget. */
    private readonly handle: (bytes: Buffer) => void,
    /** Pauses (true) or resumes (false) reading from the client. */
    private readonly pauseInput: (paused: boolean) => void,
    /** Whether the connection has ended: nothing more is handled. */
    private readonly ended: () => boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.budget = bytesPerSecond ?? 0;
    this.refilledAt = now();
  }

  /** Bytes from the client: handled now within the budget, the rest later. */
  received(chunk: Buffer): void {
    if (this.bytesPerSecond === undefined) return this.handle(chunk);
    this.waiting.push(chunk);
    this.drain();
  }

  private drain(): void {
    this.refill();
    while (this.waiting.length > 0 && this.budget >= 1 && !this.ended()) {
      const next = this.waiting[0];
      const take = Math.min(next.length, Math.floor(this.budget));
      if (take === next.length) this.waiting.shift();
      else this.waiting[0] = next.subarray(take);
      this.budget -= take;
      this.handle(take === next.length ? next : next.subarray(0, take));
    }
    if (this.waiting.length === 0 || this.ended()) {
      this.pauseInput(false);
      return;
    }
    this.pauseInput(true);
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    const wanted = Math.min(this.waiting[0].length, this.bytesPerSecond! / 20);
    const waitMs = Math.max(shortestWaitMs, Math.ceil(((wanted - this.budget) / this.bytesPerSecond!) * 1000));
    this.timers.after(waitMs, "throughput cap", () => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private refill(): void {
    const at = this.now();
    this.budget = Math.min(this.bytesPerSecond!, this.budget + ((at - this.refilledAt) / 1000) * this.bytesPerSecond!);
    this.refilledAt = at;
  }
}
