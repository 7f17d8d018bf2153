// A min-heap of expiry times, so a store can drop what has expired without looking at what has
// not: the earliest expiry is always on top.

export interface Expiring<T> {
  expiresAt: number;
  item: T;
}

export class ExpiryHeap<T> {
  private readonly entries: Expiring<T>[] = [];

  get size(): number {
    return this.entries.length;
  }

  push(expiresAt: number, item: T): void {
    const entries = this.entries;
    entries.push({ expiresAt, item });
    for (let index = entries.length - 1; index > 0; ) {
      const parent = (index - 1) >> 1;
      if (entries[parent].expiresAt <= entries[index].expiresAt) break;
      [entries[parent], entries[index]] = [entries[index], entries[parent]];
      index = parent;
    }
  }

  /** Removes and returns the earliest entry if it has expired by `now`. */
  popExpired(now: number): Expiring<T> | undefined {
    const entries = this.entries;
    if (entries.length === 0 || entries[0].expiresAt > now) return undefined;
    const top = entries[0];
    const last = entries.pop()!;
    if (entries.length > 0) {
      entries[0] = last;
      for (let index = 0; ; ) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < entries.length && entries[left].expiresAt < entries[smallest].expiresAt) smallest = left;
        if (right < entries.length && entries[right].expiresAt < entries[smallest].expiresAt) smallest = right;
        if (smallest === index) break;
        [entries[smallest], entries[index]] = [entries[index], entries[smallest]];
        index = smallest;
      }
    }
    return top;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
