// [LIM-05] The bytes one connection may send per second. A client sending faster is not refused
// and loses nothing: the broker stops reading from it until its budget has refilled, so TCP's own
// flow control slows it down and its data arrives later.
import type { Scheduler } from "../edge-guard.ts";

export class ThroughputCap {
  /** Bytes that may still arrive now; negative: a debt that delays reading. */
  private budget: number;
  private refilledAt: number;
  private resumeScheduled = false;

  constructor(
    private readonly bytesPerSecond: number | undefined,
    private readonly timers: Scheduler,
    /** Pauses (true) or resumes (false) reading from the client. */
    private readonly pauseInput: (paused: boolean) => void,
    private readonly now: () => number = Date.now,
  ) {
    // a burst of one second's worth is allowed, as a token bucket of one second
    this.budget = bytesPerSecond ?? 0;
    this.refilledAt = now();
  }

  /** Counts bytes that arrived; pauses reading until the debt is paid off. */
  received(bytes: number): void {
    if (this.bytesPerSecond === undefined) return;
    this.refill();
    this.budget -= bytes;
    if (this.budget >= 0 || this.resumeScheduled) return;
    this.resumeScheduled = true;
    this.pauseInput(true);
    const waitMs = Math.ceil((-this.budget / this.bytesPerSecond) * 1000);
    this.timers.after(waitMs, "throughput cap", () => {
      this.resumeScheduled = false;
      this.refill();
      this.pauseInput(false);
    });
  }

  private refill(): void {
    const at = this.now();
    this.budget = Math.min(this.bytesPerSecond!, this.budget + ((at - this.refilledAt) / 1000) * this.bytesPerSecond!);
    this.refilledAt = at;
  }
}
