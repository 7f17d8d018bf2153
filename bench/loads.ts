// The loads of the comparison, each returning a rate (higher is better): a QoS 0 and a QoS 1
// publisher → subscriber pair, one publisher to 20 subscribers, connections per second, and the
// QoS 0 pair again while another client holds 10,000 filters that match nothing it sends.
// Publishers keep a bounded window of messages ahead of their subscribers, so no broker drops
// anything for a slow reader and every broker is measured delivering all of them.
import type { MqttSocket, SocketAddress } from "../support/fuzz/mqtt-socket.ts";
import { connected, publishBatch, subscribe } from "./load-clients.ts";

const payload = Buffer.alloc(64, 0x61);
const batchSize = 50;

export interface LoadSizes {
  pairMessages: number;
  qos1Messages: number;
  fanOutMessages: number;
  fanOutSubscribers: number;
  connections: number;
  unrelatedFilters: number;
}

export const defaultSizes: LoadSizes = {
  pairMessages: 50_000,
  qos1Messages: 20_000,
  fanOutMessages: 5_000,
  fanOutSubscribers: 20,
  connections: 2_000,
  unrelatedFilters: 10_000,
};

let topics = 0;
const freshTopic = (name: string): string => `bench/${process.pid}/${name}/${topics++}`;
const seconds = (since: number): number => (performance.now() - since) / 1000;

/**
 * Publishes `messages` in batches while no more than `window` are ahead of `progress()`; resolves
 * when `waitForAll` does. QoS 1 packet identifiers cycle through 1..1000, far more than in flight.
 */
async function publishWindowed(
  publisher: MqttSocket,
  topic: string,
  qos: 0 | 1,
  messages: number,
  window: number,
  progress: () => number,
  waitFor: (count: number) => Promise<unknown>,
): Promise<void> {
  const batches = Array.from({ length: 1000 / batchSize }, (_, index) =>
    publishBatch(topic, payload, qos, batchSize, index * batchSize),
  );
  for (let sent = 0; sent < messages; sent += batchSize) {
    if (sent - progress() >= window) await waitFor(sent - window / 2);
    if (!publisher.sendRaw(batches[(sent / batchSize) % batches.length])) await publisher.drained();
  }
  await waitFor(messages);
}

/** Messages per second from one publisher to one subscriber. */
export async function pair(address: SocketAddress, qos: 0 | 1, messages: number): Promise<number> {
  const topic = freshTopic(`pair${qos}`);
  const subscriber = await connected(address);
  subscriber.autoAcknowledge = true;
  await subscribe(subscriber, [topic], qos);
  const publisher = await connected(address);
  const delivered = (): number => subscriber.received - 2; // CONNACK and SUBACK came first
  const started = performance.now();
  // QoS 1: at most 100 unacknowledged PUBLISHes, counted by the PUBACKs after the CONNACK
  const window = qos === 1 ? 100 : 1000;
  const progress = qos === 1 ? () => publisher.received - 1 : delivered;
  const waitFor = (count: number) =>
    qos === 1 ? publisher.waitForCount(1 + count, 60_000) : subscriber.waitForCount(2 + count, 60_000);
  await publishWindowed(publisher, topic, qos, messages, window, progress, waitFor);
  await subscriber.waitForCount(2 + messages, 60_000);
  const rate = messages / seconds(started);
  publisher.destroy();
  subscriber.destroy();
  return rate;
}

/** Deliveries per second from one publisher to many subscribers of one topic (QoS 0). */
export async function fanOut(address: SocketAddress, messages: number, subscriberCount: number): Promise<number> {
  const topic = freshTopic("fanout");
  const subscribers = await Promise.all(Array.from({ length: subscriberCount }, () => connected(address)));
  await Promise.all(subscribers.map((subscriber) => subscribe(subscriber, [topic], 0)));
  const publisher = await connected(address);
  const slowest = (): MqttSocket =>
    subscribers.reduce((least, subscriber) => (subscriber.received < least.received ? subscriber : least));
  const started = performance.now();
  await publishWindowed(
    publisher,
    topic,
    0,
    messages,
    1000,
    () => slowest().received - 2,
    (count) => slowest().waitForCount(2 + count, 60_000),
  );
  await Promise.all(subscribers.map((subscriber) => subscriber.waitForCount(2 + messages, 60_000)));
  const rate = (messages * subscriberCount) / seconds(started);
  for (const client of [publisher, ...subscribers]) client.destroy();
  return rate;
}

/** Connections per second: open, CONNECT, CONNACK, DISCONNECT, 20 at a time. */
export async function connectRate(address: SocketAddress, total: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next++ < total) {
      const client = await connected(address);
      client.send({ cmd: "disconnect" });
      client.socket.end();
      await client.waitForClose(10_000);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return total / seconds(started);
}

/** A client holding `count` filters under a prefix no load publishes to; returns how to release it. */
export async function unrelatedFilters(address: SocketAddress, count: number): Promise<() => void> {
  const holder = await connected(address);
  const perPacket = 500;
  for (let first = 0; first < count; first += perPacket) {
    const filters = Array.from(
      { length: Math.min(perPacket, count - first) },
      (_, index) => `unrelated/${first + index}/${index % 2 ? "+" : "state"}`,
    );
    await subscribe(holder, filters, 0);
  }
  return () => holder.destroy();
}
