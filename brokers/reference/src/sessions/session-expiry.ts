// The countdown of sessions whose client is offline [SES-13]: after its Session Expiry Interval a
// session ends, unless its client came back first. Kept apart from the sessions themselves, so a
// session is data a store can hold.
import type { Cancel, Scheduler } from "../edge-guard.ts";
import type { Session } from "./session.ts";

export class SessionExpiry {
  private readonly pending = new Map<Session, Cancel>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly onExpired: (session: Session) => void,
  ) {}

  /** Starts (or restarts) the countdown of an offline session. */
  start(session: Session): void {
    this.cancel(session);
    const cancel = this.scheduler.after(session.expiryIntervalSeconds * 1000, `expiry of session ${session.clientId}`, () => {
      this.pending.delete(session);
      this.onExpired(session);
    });
    this.pending.set(session, cancel);
  }

  /** The client is back, or the session ended another way. */
  cancel(session: Session): void {
    this.pending.get(session)?.();
    this.pending.delete(session);
  }

  clear(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
  }
}
