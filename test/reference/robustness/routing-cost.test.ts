// Routing cost depends on the filters that match a message, not on every filter the broker holds;
// counting retained messages does not walk the store. Timings are compared within one run, best
// of three, with a wide margin: the defect they guard against cost one to two orders of magnitude.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type StartedReferenceBroker } from "../../../brokers/reference/src/index.ts";
import { MemoryRetainedStore } from "../../../brokers/reference/src/retained/retained-store.ts";
import { connect, is, subscriber, uniqueId } from "../helpers/clients.ts";

let broker: StartedReferenceBroker;

beforeAll(async () => {
  broker = await startBroker({});
});
afterAll(() => broker.stop());

async function bestOfThree(measure: () => Promise<number> | number): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < 3; round++) times.push(await measure());
  return Math.min(...times);
}

/** Milliseconds for `count` QoS 0 messages from a publisher to reach one subscriber. */
async function pairTime(count: number): Promise<number> {
  const topic = uniqueId("pair");
  const listener = await subscriber(broker, 4, topic, 0);
  const { client: publisher } = await connect(broker, 4);
  const started = performance.now();
  for (let index = 0; index < count; index++)
    publisher.send({ cmd: "publish", topic, payload: Buffer.from("m"), qos: 0, retain: false, dup: false });
  await listener.waitForCount(2 + count, 30_000); // CONNACK, SUBACK, then the messages
  const elapsed = performance.now() - started;
  listener.destroy();
  publisher.destroy();
  return elapsed;
}

/** One client holding `count` filters that match none of the pair's topics. */
async function unrelatedFilters(count: number): Promise<void> {
  const { client } = await connect(broker, 4);
  const perPacket = 500;
  for (let first = 0; first < count; first += perPacket) {
    const subscriptions = Array.from({ length: perPacket }, (_, index) => ({
      topic: `elsewhere/${first + index}/${index % 2 ? "+" : "state"}`,
      qos: 0 as const,
    }));
    client.send({ cmd: "subscribe", messageId: 1 + first / perPacket, subscriptions });
  }
  await client.waitForCount(1 + count / perPacket, 10_000);
  expect(client.packets.filter(is("suback"))).toHaveLength(count / perPacket);
}

describe("routing cost", () => {
  it("10,000 unrelated filters slow a QoS 0 pair by far less than 3 ×", async () => {
    const without = await bestOfThree(() => pairTime(1000));
    await unrelatedFilters(10_000);
    const withFilters = await bestOfThree(() => pairTime(1000));
    expect(withFilters / without).toBeLessThan(3);
  }, 60_000);
});

describe("retained message count", () => {
  function storeWith(count: number): MemoryRetainedStore {
    const store = new MemoryRetainedStore();
    for (let index = 0; index < count; index++)
      store.set({ topic: `r/${index}`, payload: Buffer.from("v"), qos: 0, retain: true, properties: {} });
    return store;
  }

  function countingTime(store: MemoryRetainedStore): number {
    const started = performance.now();
    let total = 0;
    for (let round = 0; round < 1000; round++) total += store.size;
    expect(total).toBeGreaterThan(0);
    return performance.now() - started;
  }

  it("costs the same at 100,000 retained messages as at 1,000", async () => {
    const small = storeWith(1000);
    const large = storeWith(100_000);
    const smallTime = await bestOfThree(() => countingTime(small));
    const largeTime = await bestOfThree(() => countingTime(large));
    expect(largeTime).toBeLessThan(Math.max(5 * smallTime, 5));
  }, 60_000);
});
