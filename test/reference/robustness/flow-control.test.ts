// What one client that does not read may cost the broker: bytes written towards it are bounded
// (`maxOutboundBufferBytes`); QoS 0 beyond the bound is dropped for that client, QoS 1 waits
// within its Receive Maximum and the session queue limits; a client whose buffer stays full past
// `outboundStallTimeoutMs` is disconnected. Other clients are not held up.
import { afterEach, describe, expect, it } from "vitest";
import { startBroker, type BrokerOptions, type StartedReferenceBroker } from "../../../brokers/reference/src/index.ts";
import type { MqttSocket } from "../../../support/fuzz/mqtt-socket.ts";
import { connect, publishOn, subscriber, uniqueId, until } from "../helpers/clients.ts";

const outboundBound = 256 * 1024;
const payload = Buffer.alloc(64 * 1024, 0x78);
let broker: StartedReferenceBroker | undefined;

afterEach(async () => {
  await broker?.stop();
  broker = undefined;
});

async function started(options: BrokerOptions): Promise<StartedReferenceBroker> {
  broker = await startBroker({ ...options, limits: { maxOutboundBufferBytes: outboundBound, ...options.limits } });
  return broker;
}

/**
 * Publishes `count` messages as fast as the publisher's own socket takes them (or, with `pace`,
 * each once `pace` resolves), watching the broker.
 */
async function flood(target: StartedReferenceBroker, topic: string, count: number, qos: 0 | 1, pace?: (sent: number) => Promise<void>): Promise<{ largestBuffer: number }> {
  const { client: publisher } = await connect(target, 4);
  let largestBuffer = 0;
  for (let index = 1; index <= count; index++) {
    if (!publisher.send({ cmd: "publish", topic, payload, qos, messageId: qos === 1 ? index : undefined, retain: false, dup: false })) await publisher.drained();
    await pace?.(index);
    largestBuffer = Math.max(largestBuffer, target.stats().largestOutboundBufferBytes);
  }
  // every message routed: CONNACK and every PUBACK back (QoS 1), or the PINGRESP behind them (QoS 0)
  if (qos === 0) publisher.send({ cmd: "pingreq" });
  await publisher.waitForCount(qos === 1 ? 1 + count : 2, 10_000);
  largestBuffer = Math.max(largestBuffer, target.stats().largestOutboundBufferBytes);
  publisher.destroy();
  return { largestBuffer };
}

function countOn(client: MqttSocket, topic: string): number {
  return client.packets.filter(publishOn(topic)).length;
}

describe("a subscriber that does not read", () => {
  it("costs at most the outbound bound at QoS 0; the excess is dropped for it alone", async () => {
    const target = await started({});
    const topic = uniqueId("flood0");
    const stalled = await subscriber(target, 4, topic, 0);
    const reader = await subscriber(target, 4, topic, 0);
    stalled.stopReading();
    // each message once the reader has the one before: a reader that keeps up loses nothing
    const readerHas = async (sent: number) => void (await reader.waitForCount(2 + sent, 5000)); // CONNACK, SUBACK, messages
    const { largestBuffer } = await flood(target, topic, 400, 0, readerHas); // 25 MB
    expect(largestBuffer).toBeLessThanOrEqual(outboundBound + payload.length + 64);
    expect(target.stats().droppedMessages).toBeGreaterThan(0);
    expect(countOn(reader, topic)).toBe(400);
    expect(reader.closed).toBeUndefined();
    stalled.destroy();
    reader.destroy();
  });

  it("gets every QoS 1 message once it reads again, within its Receive Maximum", async () => {
    const target = await started({ limits: { maxQueuedBytes: 8 * 1024 * 1024 } });
    const topic = uniqueId("flood1");
    const stalled = await subscriber(target, 5, topic, 1, { properties: { receiveMaximum: 10 } });
    stalled.stopReading();
    const { largestBuffer } = await flood(target, topic, 60, 1); // 3.8 MB, far over the bound
    expect(largestBuffer).toBeLessThanOrEqual(outboundBound + payload.length + 64);
    stalled.resumeReading();
    await until("all 60 messages to arrive", () => countOn(stalled, topic) === 60, 10_000);
    expect(target.stats().droppedMessages).toBe(0);
    stalled.destroy();
  });

  it("loses QoS 1 messages beyond the session queue limit, and no more is held for it", async () => {
    const target = await started({ limits: { maxQueuedMessages: 20 } });
    const topic = uniqueId("queue");
    const stalled = await subscriber(target, 4, topic, 1);
    stalled.stopReading();
    await flood(target, topic, 200, 1);
    expect(target.stats().droppedMessages).toBeGreaterThan(0);
    expect(target.stats().queuedMessages).toBeLessThanOrEqual(20);
    stalled.destroy();
  });

  it("is disconnected when its buffer stays full past the stall timeout", async () => {
    const target = await started({ limits: { outboundStallTimeoutMs: 500 } });
    const topic = uniqueId("stall");
    const stalled = await subscriber(target, 4, topic, 0);
    stalled.stopReading();
    await flood(target, topic, 100, 0);
    await until("the broker to end the stalled connection", () => target.stats().connections === 0, 3000);
  });
});
