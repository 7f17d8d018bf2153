// QoS 1 PUBLISHes from a client that the broker has routed but not yet acknowledged. Their packet
// identifiers are in use until the PUBACK goes out [RC-10], and their number may not exceed the
// Receive Maximum the broker announced [M5-16]. With no acknowledge delay nothing ever waits here.
import type { Scheduler } from "../edge-guard.ts";
import { KeyedTimers } from "../keyed-timers.ts";

export class PendingAcknowledgements {
  private readonly pending: KeyedTimers<number>;

  /** @param delayMs how long each PUBACK waits (`publishAcknowledgeDelayMs`) */
  constructor(
    scheduler: Scheduler,
    private readonly delayMs: number,
  ) {
    this.pending = new KeyedTimers(scheduler);
  }

  /** [MQTT-2.2.1-3] a packet identifier is in use from the client's PUBLISH until our PUBACK. */
  inUse(packetId: number | undefined): boolean {
    return packetId !== undefined && this.pending.has(packetId);
  }

  /** PUBACKs still to send: identifiers in use that count against the broker's Receive Maximum [M5-16]. */
  get size(): number {
    return this.pending.size;
  }

  /** Sends the PUBACK now, or after the delay while the identifier stays in use. */
  acknowledge(packetId: number, sendPuback: () => void): void {
    if (this.delayMs === 0) {
      sendPuback();
      return;
    }
    this.pending.set(packetId, this.delayMs, `PUBACK ${packetId}`, sendPuback);
  }

  /** The connection ended: acknowledgements still waiting are never sent. */
  clear(): void {
    this.pending.clear();
  }
}
