// The clocks that bound how slowly a client may talk. CONNECT must be complete within the connect
// timeout of the connection opening, however the bytes are spread [BAD-10]; afterwards a packet
// must be complete within the same time from its first byte; and keep-alive counts whole control
// packets only [MQTT-3.1.2-24], so a PUBLISH trickled byte by byte does not keep a connection alive.
import type { Cancel, Scheduler } from "../edge-guard.ts";

export type DeadlineMissed = "connect" | "packet" | "keep-alive";

export class Deadlines {
  private cancelConnect: Cancel | undefined;
  private cancelPacket: Cancel | undefined;
  private cancelKeepAlive: Cancel | undefined;
  private lastPacketAt = Date.now();
  /** Set while the broker itself holds the client's input back (outbound.ts): no packet can arrive. */
  private paused = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly timeoutMs: number,
    private readonly onMissed: (missed: DeadlineMissed) => void,
  ) {
    // [BAD-10] runs from the moment the connection opens and is never extended
    this.cancelConnect = scheduler.after(timeoutMs, "connect deadline", () => onMissed("connect"));
  }

  /**
   * After each chunk of bytes: `completed` whole packets arrived; `midPacket` tells whether part
   * of another has. A packet's clock starts with the chunk that brings its first byte.
   */
  received(completed: number, midPacket: boolean): void {
    if (completed > 0) this.lastPacketAt = Date.now();
    if (!midPacket || completed > 0) this.stopPacketClock();
    if (midPacket && !this.cancelPacket)
      this.cancelPacket = this.scheduler.after(this.timeoutMs, "packet deadline", () => this.onMissed("packet"));
  }

  /** Keep-alive does not run out while the broker is not reading; it counts again from the resume. */
  inputPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.lastPacketAt = Date.now();
  }

  /** CONNECT accepted: its deadline is met; keep-alive starts (0: none). */
  connected(keepAliveSeconds: number): void {
    this.cancelConnect?.();
    this.cancelConnect = undefined;
    if (keepAliveSeconds > 0) this.watchKeepAlive(keepAliveSeconds * 1500); // [LWT-06] 1.5 × keep-alive
  }

  stop(): void {
    for (const cancel of [this.cancelConnect, this.cancelPacket, this.cancelKeepAlive]) cancel?.();
  }

  private stopPacketClock(): void {
    this.cancelPacket?.();
    this.cancelPacket = undefined;
  }

  private watchKeepAlive(limitMs: number): void {
    const check = (): void => {
      const idleMs = this.paused ? 0 : Date.now() - this.lastPacketAt;
      if (idleMs >= limitMs) this.onMissed("keep-alive");
      else this.cancelKeepAlive = this.scheduler.after(limitMs - idleMs, "keep-alive", check);
    };
    this.cancelKeepAlive = this.scheduler.after(limitMs, "keep-alive", check);
  }
}
