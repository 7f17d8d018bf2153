// The bystander: a well-behaved pair of clients that keeps publishing and receiving at QoS 1 for
// the whole fuzz run, on a topic of its own. Bad input must never disturb it: it is never
// disconnected, every message arrives, and its latency is reported.
import type { Packet } from "mqtt-packet";
import { MqttSocket, type SocketAddress } from "./mqtt-socket.ts";

export interface BystanderReport {
  sent: number;
  received: number;
  /** Messages not received within the patience of the run. */
  lost: number;
  /** Times a bystander connection ended or could not be used. */
  disconnects: number;
  latencyMs: { p50: number; p99: number; max: number };
}

/** How long a bystander message may take before it counts as lost. */
const patienceMs = 5000;

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

export class Bystander {
  private readonly sentAt = new Map<number, number>();
  private readonly latencies: number[] = [];
  private sequence = 0;
  private lost = 0;
  private disconnects = 0;
  private ticker: NodeJS.Timeout | undefined;

  private constructor(
    private readonly publisher: MqttSocket,
    private readonly subscriber: MqttSocket,
    private readonly topic: string,
  ) {
    subscriber.onPacket = (packet) => this.received(packet);
    for (const client of [publisher, subscriber]) client.socket.once("close", () => this.disconnects++);
  }

  static async start(address: SocketAddress, name: string): Promise<Bystander> {
    const open = async (role: string): Promise<MqttSocket> => {
      const client = await MqttSocket.open(address, { protocolVersion: 4 });
      client.autoAcknowledge = true;
      client.send({
        cmd: "connect",
        protocolId: "MQTT",
        protocolVersion: 4,
        clean: true,
        keepalive: 60,
        clientId: `${name}-${role}`,
      });
      await client.waitFor("CONNACK", (packet): packet is Packet => packet.cmd === "connack", patienceMs);
      return client;
    };
    const topic = `bystander/${name}`;
    const subscriber = await open("subscriber");
    subscriber.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic, qos: 1 }] });
    await subscriber.waitFor("SUBACK", (packet): packet is Packet => packet.cmd === "suback", patienceMs);
    return new Bystander(await open("publisher"), subscriber, topic);
  }

  /** Publishes one QoS 1 message every `intervalMs` until stopped. */
  run(intervalMs: number): void {
    this.ticker = setInterval(() => this.publishNext(), intervalMs);
  }

  /** Stops publishing, waits for what is still on its way (bounded), and reports. */
  async stop(): Promise<BystanderReport> {
    clearInterval(this.ticker);
    const deadline = Date.now() + patienceMs;
    while (this.sentAt.size > 0 && Date.now() < deadline && !this.subscriber.closed) {
      await new Promise((resolve) => setTimeout(resolve, 20)); // polling interval
    }
    this.lost += this.sentAt.size;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const report: BystanderReport = {
      sent: this.sequence,
      received: this.latencies.length,
      lost: this.lost,
      disconnects: this.disconnects,
      latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? 0 },
    };
    this.publisher.socket.removeAllListeners("close");
    this.subscriber.socket.removeAllListeners("close");
    this.publisher.destroy();
    this.subscriber.destroy();
    return report;
  }

  /** Latency of the messages so far, for progress lines. */
  get p99(): number {
    return percentile(
      [...this.latencies.slice(-500)].sort((a, b) => a - b),
      0.99,
    );
  }

  get disturbed(): boolean {
    return this.disconnects > 0 || this.lost > 0;
  }

  private publishNext(): void {
    const now = Date.now();
    for (const [sequence, at] of this.sentAt) {
      if (now - at <= patienceMs) break;
      this.sentAt.delete(sequence);
      this.lost++;
    }
    const sequence = ++this.sequence;
    this.sentAt.set(sequence, now);
    this.publisher.send({
      cmd: "publish",
      topic: this.topic,
      payload: Buffer.from(String(sequence)),
      qos: 1,
      messageId: 1 + (sequence % 65535),
      retain: false,
      dup: false,
    });
  }

  private received(packet: Packet): void {
    if (packet.cmd !== "publish" || packet.topic !== this.topic) return;
    const sequence = Number(packet.payload.toString());
    const at = this.sentAt.get(sequence);
    if (at === undefined) return;
    this.sentAt.delete(sequence);
    this.latencies.push(Date.now() - at);
  }
}
