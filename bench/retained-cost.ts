// What a retained PUBLISH costs as the retained store grows: one broker holds 1,000 retained
// messages, another 100,000; both then take the same QoS 1 retained PUBLISHes (up to 100
// unacknowledged) that replace messages they hold, alternately, and the median microseconds per
// PUBLISH of each is compared.
import type { SocketAddress } from "../support/fuzz/mqtt-socket.ts";
import { connected, publishBatch } from "./load-clients.ts";

const payload = Buffer.alloc(32, 0x72);
const batchSize = 50;

/** Publishes retained messages to `retained/<index % topics>` for each index in [from, to); µs per message. */
async function retain(address: SocketAddress, from: number, to: number, topics: number): Promise<number> {
  const publisher = await connected(address);
  const started = performance.now();
  const acknowledged = (): number => publisher.received - 1; // PUBACKs, after the CONNACK
  for (let first = from; first < to; first += batchSize) {
    const count = Math.min(batchSize, to - first);
    if (first - from - acknowledged() >= 100) await publisher.waitForCount(1 + first - from - 50, 60_000);
    if (
      !publisher.sendRaw(publishBatch("", payload, 1, count, first, (index) => `retained/${(first + index) % topics}`))
    )
      await publisher.drained();
  }
  await publisher.waitForCount(1 + to - from, 120_000);
  const microseconds = ((performance.now() - started) * 1000) / (to - from);
  publisher.destroy();
  return microseconds;
}

export interface RetainedCost {
  /** Median microseconds per retained PUBLISH with 1,000 retained messages stored. */
  at1000: number;
  /** Median microseconds per retained PUBLISH with 100,000 retained messages stored. */
  at100000: number;
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `small` and `large` are brokers with empty stores that may hold more than 100,000 retained messages. */
export async function retainedCost(
  small: SocketAddress,
  large: SocketAddress,
  repetitions = 5,
  probes = 5000,
): Promise<RetainedCost> {
  await retain(small, 0, 1000, 1000);
  await retain(large, 0, 100_000, 100_000);
  const costs = { small: [] as number[], large: [] as number[] };
  for (let repetition = 0; repetition < repetitions; repetition++) {
    costs.small.push(await retain(small, 0, probes, 1000));
    costs.large.push(await retain(large, 0, probes, 1000));
  }
  return { at1000: median(costs.small), at100000: median(costs.large) };
}
