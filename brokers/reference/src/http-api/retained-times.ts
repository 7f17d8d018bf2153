// When each retained message was last set [API-04] [API-05]: a retained store that remembers it
// beside whichever store keeps the messages.
import type { Message } from "../message.ts";
import type { RetainedStore } from "../retained/retained-store.ts";

export class TimestampedRetainedStore implements RetainedStore {
  private readonly times = new Map<string, number>();

  constructor(private readonly inner: RetainedStore) {}

  set(message: Message): void {
    this.inner.set(message);
    if (message.payload.length === 0) this.times.delete(message.topic);
    else this.times.set(message.topic, Date.now());
  }

  get(topic: string): Message | undefined {
    const message = this.inner.get(topic);
    if (!message) this.times.delete(topic);
    return message;
  }

  find(matches: (topic: string) => boolean): Message[] {
    return this.inner.find(matches);
  }

  get size(): number {
    return this.inner.size;
  }

  /** Epoch milliseconds of the last retained publish to the topic (time of start-up for one kept across restarts). */
  modifiedAt(topic: string): number {
    return this.times.get(topic) ?? this.startedAt;
  }

  private readonly startedAt = Date.now();
}
