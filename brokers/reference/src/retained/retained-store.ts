// Retained messages, one per topic [RET-02]. Expired ones are never returned [RET-08]. Counting
// them costs the same at 100,000 retained messages as at 1,000: expiries wait in a heap, and
// only those due are looked at.
import { isExpired, type Message } from "../message.ts";
import { ExpiryHeap } from "./expiry-heap.ts";

export interface RetainedStore {
  /** Stores, replaces, or with an empty payload deletes [RET-05], the retained message of a topic. */
  set(message: Message): void;
  get(topic: string): Message | undefined;
  /** Retained messages whose topic satisfies the predicate. */
  find(matches: (topic: string) => boolean): Message[];
  /** Retained messages not yet expired. */
  readonly size: number;
}

export class MemoryRetainedStore implements RetainedStore {
  private readonly messages = new Map<string, Message>();
  /** Expiry of each message set with one; an entry whose message was replaced since is stale. */
  private readonly expiries = new ExpiryHeap<Message>();

  set(message: Message): void {
    if (message.payload.length === 0) this.messages.delete(message.topic);
    else this.messages.set(message.topic, message);
    if (message.payload.length > 0 && message.expiresAt !== undefined) this.expiries.push(message.expiresAt, message);
    // stale entries (replaced or deleted messages) never outnumber the messages for long
    if (this.expiries.size > 2 * this.messages.size + 1024) this.rebuildExpiries();
  }

  get(topic: string): Message | undefined {
    const message = this.messages.get(topic);
    if (message && isExpired(message)) {
      this.messages.delete(topic);
      return undefined;
    }
    return message;
  }

  find(matches: (topic: string) => boolean): Message[] {
    const found: Message[] = [];
    for (const topic of [...this.messages.keys()]) {
      const message = matches(topic) ? this.get(topic) : undefined;
      if (message) found.push(message);
    }
    return found;
  }

  get size(): number {
    const now = Date.now();
    for (let due = this.expiries.popExpired(now); due; due = this.expiries.popExpired(now)) {
      if (this.messages.get(due.item.topic) === due.item) this.messages.delete(due.item.topic);
    }
    return this.messages.size;
  }

  private rebuildExpiries(): void {
    this.expiries.clear();
    for (const message of this.messages.values())
      if (message.expiresAt !== undefined) this.expiries.push(message.expiresAt, message);
  }
}
