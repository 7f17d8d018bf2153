// Retained messages, one per topic [RET-02]. Expired ones are never returned [RET-08].
import { isExpired, type Message } from "../message.ts";

export interface RetainedStore {
  /** Stores, replaces, or with an empty payload deletes [RET-05], the retained message of a topic. */
  set(message: Message): void;
  get(topic: string): Message | undefined;
  /** Retained messages whose topic satisfies the predicate. */
  find(matches: (topic: string) => boolean): Message[];
  readonly size: number;
}

export class MemoryRetainedStore implements RetainedStore {
  private readonly messages = new Map<string, Message>();

  set(message: Message): void {
    if (message.payload.length === 0) this.messages.delete(message.topic);
    else this.messages.set(message.topic, message);
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
    for (const topic of [...this.messages.keys()]) this.get(topic);
    return this.messages.size;
  }
}
