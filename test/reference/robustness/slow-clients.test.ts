// Clients that send slowly are cut off on time: the connect timeout runs from the moment the
// connection opens, not from the last byte [BAD-10]; keep-alive counts whole control packets, so
// a PUBLISH trickled byte by byte does not keep a connection alive [MQTT-3.1.2-24]; under `oasis`
// an MQTT 3.1.1 client is allowed 1.5 × its own keep-alive, whatever the broker's maximum.
import { generate } from "mqtt-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type StartedReferenceBroker } from "../../../brokers/reference/src/index.ts";
import { connectWith } from "../../../support/driver/malformed.ts";
import type { MqttSocket } from "../../../support/fuzz/mqtt-socket.ts";
import { connect, isConnack, open, uniqueId } from "../helpers/clients.ts";
import { awsLimitsLifted } from "../helpers/limits.ts";

let broker: StartedReferenceBroker;

beforeAll(async () => {
  broker = await startBroker({ limits: { connectTimeoutMs: 600, ...awsLimitsLifted } });
});
afterAll(() => broker.stop());

/** Writes `bytes` one byte at once and then one every `intervalMs`, until done or closed. */
function trickle(client: MqttSocket, bytes: Buffer, intervalMs: number): () => void {
  let next = 0;
  const sendNext = (): void => {
    if (next >= bytes.length || client.closed) clearInterval(timer);
    else client.sendRaw(bytes.subarray(next, ++next));
  };
  const timer = setInterval(sendNext, intervalMs);
  sendNext();
  return () => clearInterval(timer);
}

describe("a CONNECT trickled one byte at a time", () => {
  it("is closed at the connect timeout from the first byte, without CONNACK", async () => {
    const connect = connectWith(4, { clientId: uniqueId("trickle") });
    const opening = Date.now(); // the broker's clock starts when it accepts, after this and with the first byte
    const client = await open(broker, 4);
    const stop = trickle(client, connect, 100); // the whole CONNECT would take over 2 s
    const closed = await client.waitForClose(3000);
    stop();
    expect(closed.at - opening).toBeGreaterThanOrEqual(590);
    expect(closed.at - opening).toBeLessThan(1100);
    expect(client.packets.filter(isConnack)).toEqual([]);
  });
});

describe("keep-alive counts whole packets", () => {
  it("a PUBLISH trickled byte by byte does not extend a 1 s keep-alive past 1.5 s", async () => {
    const patient = await startBroker({ limits: { connectTimeoutMs: 10_000, ...awsLimitsLifted } });
    try {
      const { client } = await connect(patient, 5, { keepalive: 1 });
      const publish = generate(
        { cmd: "publish", topic: "slow/topic", payload: Buffer.alloc(40, 0x61), qos: 0, retain: false, dup: false },
        { protocolVersion: 5 },
      );
      const started = Date.now();
      const stop = trickle(client, publish, 100); // about 5 s for the whole PUBLISH
      const closed = await client.waitForClose(4000);
      stop();
      expect(closed.disconnect?.reasonCode).toBe(0x8d);
      expect(closed.at - started).toBeLessThan(2500);
    } finally {
      await patient.stop();
    }
  });
});

describe("MQTT 3.1.1 keep-alive above the broker's maximum", () => {
  async function closedAfterMs(profile: "oasis" | "aws-iot-core"): Promise<number> {
    const strict = await startBroker({ profile, limits: { maxKeepAliveSeconds: 1 } });
    try {
      const { client } = await connect(strict, 4, { keepalive: 2 });
      const started = Date.now();
      const closed = await client.waitForClose(5000);
      return closed.at - started;
    } finally {
      await strict.stop();
    }
  }

  it("under oasis is honoured: the client is allowed 1.5 × its own 2 s", async () => {
    expect(await closedAfterMs("oasis")).toBeGreaterThanOrEqual(2900);
  });

  it("under aws-iot-core is lowered to the maximum [M5-14]: closed after 1.5 × 1 s", async () => {
    const after = await closedAfterMs("aws-iot-core");
    expect(after).toBeGreaterThanOrEqual(1400);
    expect(after).toBeLessThan(2500);
  });
});
