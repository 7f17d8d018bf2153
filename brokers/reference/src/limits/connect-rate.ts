// [LIM-04] One client identifier may be accepted at most `perSecond` times in any second: a
// CONNECT beyond that is refused (MQTT 5: CONNACK 0x9F Connection rate exceeded) and the client
// already connected with that identifier keeps its connection. Refused CONNECTs do not count, so a
// client that retries until the window has passed gets in.

/** [MQTT5-3.2.2] CONNACK 0x9F Connection rate exceeded. */
export const connectionRateExceeded = 0x9f;

const windowMs = 1000;

export class ConnectRate {
  /** Accept times per client identifier within the last window; older entries are swept. */
  private readonly accepted = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly perSecond: number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether another CONNECT of this identifier may be accepted now; counts it when it may. */
  admit(clientId: string): boolean {
    if (this.perSecond === undefined) return true;
    const at = this.now();
    this.sweep(at);
    const recent = (this.accepted.get(clientId) ?? []).filter((time) => at - time < windowMs);
    if (recent.length >= this.perSecond) return false;
    recent.push(at);
    this.accepted.set(clientId, recent);
    return true;
  }

  /** Drops identifiers not seen within the window, at most once a window: the map stays small. */
  private sweep(at: number): void {
    if (at - this.lastSweep < windowMs) return;
    this.lastSweep = at;
    for (const [clientId, times] of this.accepted)
      if (times.every((time) => at - time >= windowMs)) this.accepted.delete(clientId);
  }
}
