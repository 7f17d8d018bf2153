// What one client that does not read may cost the broker: bytes written towards it are bounded
// (`maxOutboundBufferBytes`); QoS 0 beyond the bound is dropped for that client, QoS 1 waits
// within its Receive Maximum and the session queue limits; a client whose buffer stays full past
// `outboundStallTimeoutMs` is disconnected. Other clients are not held up.
import { afterEach, describe, expect, it } from "vitest";
import { startBroker, type BrokerOptions, type StartedReferenceBroker } from "../../../brokers/reference/src/index.ts";
import type { MqttSocket } from "../../../support/fuzz/mqtt-socket.ts";
import { connect, publishOn, subscriber, uniqueId, until } from "../helpers/clients.ts";
import { awsLimitsLifted } from "../helpers/limits.ts";

const outboundBound = 256 * 1024;
const payload = Buffer.alloc(64 * 1024, 0x78);
let broker: StartedReferenceBroker | undefined;

afterEach(async () => {
  await broker?.stop();
  broker = undefined;
});

async function started(options: BrokerOptions): Promise<StartedReferenceBroker> {
  broker = await startBroker({
    ...options,
    limits: { maxOutboundBufferBytes: outboundBound, ...awsLimitsLifted, ...options.limits },
  });
  return broker;
}

/**
 * Publishes `count` messages as fast as the publisher's own socket takes them (or, with `pace`,
 * each once `pace` resolves), watching the broker.
 */
async function flood(
  target: StartedReferenceBroker,
  topic: string,
  count: number,
  qos: 0 | 1,
  pace?: (sent: number) => Promise<void>,
): Promise<{ largestBuffer: number }> {
  const { client: publisher } = await connect(target, 4);
  let largestBuffer = 0;
  for (let index = 1; index <= count; index++) {
    if (
      !publisher.send({
        cmd: "publish",
        topic,
        payload,
        qos,
        messageId: qos === 1 ? index : undefined,
        retain: false,
        dup: false,
      })
    )
      await publisher.drained();
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

/** A broker started with `options`, and a subscriber to a fresh topic that has stopped reading. */
async function stalledSubscriber(options: BrokerOptions, qos: 0 | 1, fields: Parameters<typeof subscriber>[4] = {}) {
  const target = await started(options);
  const topic = uniqueId("flood");
  const stalled = await subscriber(target, fields.properties ? 5 : 4, topic, qos, fields);
  stalled.stopReading();
  return { target, topic, stalled };
}

describe("a subscriber that does not read", () => {
  it("costs at most the outbound bound at QoS 0; the excess is dropped for it alone", async () => {
    const { target, topic, stalled } = await stalledSubscriber({}, 0);
    const reader = await subscriber(target, 4, topic, 0);
    // each message once the reader has the one before: a reader that keeps up loses nothing
    // CONNACK, SUBACK, messages
    const readerHas = async (sent: number) => void (await reader.waitForCount(2 + sent, 5000));
    const { largestBuffer } = await flood(target, topic, 400, 0, readerHas); // 25 MB
    expect(largestBuffer).toBeLessThanOrEqual(outboundBound + payload.length + 64);
    expect(target.stats().droppedMessages).toBeGreaterThan(0);
    expect(countOn(reader, topic)).toBe(400);
    expect(reader.closed).toBeUndefined();
    stalled.destroy();
    reader.destroy();
  });

  it("gets every QoS 1 message once it reads again, within its Receive Maximum", async () => {
    const { target, topic, stalled } = await stalledSubscriber({ limits: { maxQueuedBytes: 8 * 1024 * 1024 } }, 1, {
      properties: { receiveMaximum: 10 },
    });
    const { largestBuffer } = await flood(target, topic, 60, 1); // 3.8 MB, far over the bound
    expect(largestBuffer).toBeLessThanOrEqual(outboundBound + payload.length + 64);
    stalled.resumeReading();
    await until("all 60 messages to arrive", () => countOn(stalled, topic) === 60, 10_000);
    expect(target.stats().droppedMessages).toBe(0);
    stalled.destroy();
  });

  it("loses QoS 1 messages beyond the session queue limit, and no more is held for it", async () => {
    const { target, topic, stalled } = await stalledSubscriber({ limits: { maxQueuedMessages: 20 } }, 1);
    await flood(target, topic, 200, 1);
    expect(target.stats().droppedMessages).toBeGreaterThan(0);
    expect(target.stats().queuedMessages).toBeLessThanOrEqual(20);
    stalled.destroy();
  });

  it("is disconnected when its buffer stays full past the stall timeout", async () => {
    const { target, topic } = await stalledSubscriber({ limits: { outboundStallTimeoutMs: 500 } }, 0);
    await flood(target, topic, 100, 0);
    await until("the broker to end the stalled connection", () => target.stats().connections === 0, 3000);
  });
});
