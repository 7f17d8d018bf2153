// How a matrix spreads its brokers: over a bounded number of concurrent jobs on one machine, and
// over CI machines by shard.
import type { RunResults } from "../results/results.ts";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** "2/3" → { index: 2, count: 3 }; throws a sentence for anything else. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new Error(`"${text}" is not a shard: write i/n with 1 ≤ i ≤ n, e.g. 2/3`);
  return { index, count };
}

/** The brokers of one shard: every n-th of the list, starting at the i-th, so shards differ by one at most. */
export function shareOf<T>(items: readonly T[], shard: Shard): T[] {
  return items.filter((_, position) => position % shard.count === shard.index - 1);
}

/**
 * Runs `work` on every item with at most `jobs` at once, starting them in the order given, and
 * returns the results in that order.
 */
export async function runPool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const position = next++;
      results[position] = await work(items[position]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, jobs), items.length) }, worker));
  return results;
}

/**
 * Brokers ordered longest first by how long each took in an earlier matrix (its runs' longest),
 * so the slowest does not start last; brokers it did not run keep their order, after those it did.
 */
export function longestFirst(brokers: readonly string[], earlier: readonly RunResults[]): string[] {
  const took = new Map<string, number>();
  for (const run of earlier) took.set(run.broker, Math.max(took.get(run.broker) ?? 0, run.durationMs));
  return [...brokers].sort((a, b) => (took.get(b) ?? -1) - (took.get(a) ?? -1));
}
