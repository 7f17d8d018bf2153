// `npm run bench:slow-subscriber`: how much memory a subscriber that never reads costs the
// reference broker. The broker runs in a child process with its default limits; a subscriber
// subscribes and stops reading; a publisher sends 300 MB to it (64 KB messages, QoS 0, then
// again at QoS 1), three times each in a fresh broker. Prints the broker's resident memory before
// and its peak while the messages flow, and the largest growth of each QoS.
import type { Packet } from "mqtt-packet";
import { spawnReferenceBroker, type SpawnedBroker } from "../brokers/reference/src/spawn.ts";
import { benchOptions } from "./unthrottled.ts";
import { MqttSocket } from "../support/fuzz/mqtt-socket.ts";

const payload = Buffer.alloc(64 * 1024, 0x78);
const totalBytes = 300 * 1024 * 1024;
const messages = Math.ceil(totalBytes / payload.length);
/** QoS 1 PUBLISHes the publisher may have unacknowledged. */
const publisherWindow = 100;

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function connected(broker: SpawnedBroker, clientId: string): Promise<MqttSocket> {
  const client = await MqttSocket.open(broker, { protocolVersion: 4 });
  client.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clean: true, keepalive: 0, clientId });
  await client.waitFor("CONNACK", (packet): packet is Packet => packet.cmd === "connack", 5000);
  return client;
}

/** One run in a fresh broker; returns the RSS growth in bytes. */
async function run(qos: 0 | 1): Promise<number> {
  const broker = await spawnReferenceBroker("aws-iot-core", benchOptions());
  try {
    const topic = `slow/${qos}`;
    const stalled = await connected(broker, `stalled-${qos}`);
    stalled.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic, qos }] });
    await stalled.waitFor("SUBACK", (packet): packet is Packet => packet.cmd === "suback", 5000);
    stalled.stopReading();
    const publisher = await MqttSocket.open(broker, { protocolVersion: 4, decode: false });
    publisher.send({
      cmd: "connect",
      protocolId: "MQTT",
      protocolVersion: 4,
      clean: true,
      keepalive: 0,
      clientId: `publisher-${qos}`,
    });
    await publisher.waitForCount(1, 5000);

    const before = broker.rssBytes() ?? 0;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, broker.rssBytes() ?? 0)), 50);
    const started = Date.now();
    for (let index = 1; index <= messages; index++) {
      if (qos === 1 && index > publisherWindow) await publisher.waitForCount(1 + index - publisherWindow, 60_000);
      if (
        !publisher.send({
          cmd: "publish",
          topic,
          payload,
          qos,
          messageId: qos === 1 ? 1 + (index % 65535) : undefined,
          retain: false,
          dup: false,
        })
      )
        await publisher.drained();
    }
    publisher.send({ cmd: "pingreq" });
    await publisher.waitForCount(qos === 1 ? 2 + messages : 2, 120_000);
    clearInterval(sampler);
    peak = Math.max(peak, broker.rssBytes() ?? 0);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `QoS ${qos}: ${messages} messages (${megabytes(messages * payload.length)}) ` +
        `to a subscriber that never reads, in ${seconds.toFixed(1)} s: ` +
        `broker RSS ${megabytes(before)} before, peak ${megabytes(peak)}, growth ${megabytes(peak - before)}` +
        `${broker.exit ? ` — the broker exited (${JSON.stringify(broker.exit)})` : ""}\n`,
    );
    stalled.destroy();
    publisher.destroy();
    return peak - before;
  } finally {
    await broker.stop();
  }
}

for (const qos of [0, 1] as const) {
  const growths: number[] = [];
  for (let repetition = 0; repetition < 3; repetition++) growths.push(await run(qos));
  process.stdout.write(`QoS ${qos}: largest growth of 3 runs ${megabytes(Math.max(...growths))}\n`);
}
