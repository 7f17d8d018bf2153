// The per-connection publish quota [RC-09]: at most `publishesPerSecond` PUBLISHes in any one
// second; the ones beyond are refused with 0x97 Quota exceeded. No quota configured: no limit.
const windowMs = 1000;

export class PublishRate {
  private readonly accepted: number[] = [];

  constructor(
    private readonly perSecond: number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one PUBLISH; false when it is over the quota (and then it is not counted). */
  allow(): boolean {
    if (this.perSecond === undefined) return true;
    const at = this.now();
    while (this.accepted.length > 0 && at - this.accepted[0] >= windowMs) this.accepted.shift();
    if (this.accepted.length >= this.perSecond) return false;
    this.accepted.push(at);
    return true;
  }
}
