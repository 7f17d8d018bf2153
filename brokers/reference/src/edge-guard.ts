// The one place exceptions stop. Every way into the broker's code from the outside runs through
// here: a socket event, a timer, a delivery into another client's connection. An exception that
// reaches this edge is handed to the owner's recovery (a connection ends itself, and only itself);
// one that escapes the recovery too is reported as an internal error. Nothing is thrown on to
// Node's event loop, where it would end the process.

/** Timers the broker sets, with their callbacks run at the edge. */
export interface Scheduler {
  /** Calls `callback` once after `delayMs` (an exception goes to `recover`); returns how to cancel it. */
  after(delayMs: number, where: string, callback: () => void, recover?: (error: unknown) => void): Cancel;
}

export type Cancel = () => void;

export class EdgeGuard implements Scheduler {
  /** @param report receives every exception nothing else recovered from */
  constructor(private readonly report: (where: string, error: unknown) => void) {}

  /**
   * Runs `handler`; if it throws, `recover` gets the error (a connection ending itself), and if
   * there is no recovery or it throws as well, the error is reported.
   */
  run(where: string, handler: () => void, recover?: (error: unknown) => void): void {
    try {
      handler();
    } catch (error) {
      if (!recover) return this.report(where, error);
      try {
        recover(error);
      } catch (recoveryError) {
        this.report(where, recoveryError);
      }
    }
  }

  after(delayMs: number, where: string, callback: () => void, recover?: (error: unknown) => void): Cancel {
    // unref: the listener keeps a broker process alive, pending timers need not
    const timer = setTimeout(() => this.run(where, callback, recover), delayMs).unref();
    return () => clearTimeout(timer);
  }
}
