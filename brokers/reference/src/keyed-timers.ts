// One pending timer per key (a client's delayed Will, an offline session's expiry, a delayed
// PUBACK): setting a key again replaces its timer, and a timer that fires forgets its key first.
import type { Cancel, Scheduler } from "./edge-guard.ts";

export class KeyedTimers<K> {
  private readonly pending = new Map<K, Cancel>();

  constructor(private readonly scheduler: Scheduler) {}

  get size(): number {
    return this.pending.size;
  }

  has(key: K): boolean {
    return this.pending.has(key);
  }

  /** Calls `callback` after `delayMs` unless the key is set again or cancelled first. */
  set(key: K, delayMs: number, where: string, callback: () => void): void {
    this.cancel(key);
    const cancel = this.scheduler.after(delayMs, where, () => {
      this.pending.delete(key);
      callback();
    });
    this.pending.set(key, cancel);
  }

  cancel(key: K): void {
    this.pending.get(key)?.();
    this.pending.delete(key);
  }

  clear(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
  }
}
