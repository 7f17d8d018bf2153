// Numbered messages ("message 1", "message 2", ...): many PUBLISHes told apart by their payload.
// They fill an offline session's store and measure how fast it is replayed [SES-10] [SES-11], and
// they are counted across the members of a shared subscription group [SHR-03] [SHR-04].
import type { IPubackPacket, IPublishPacket, Packet } from "mqtt-packet";
import type { MqttTestClient, ReceivedPacket } from "../driver/client.ts";
import { describePacket } from "../driver/describe.ts";
import { isPuback, isPublishOn, payloadText } from "../driver/predicates.ts";
import { check } from "./assertions.ts";
import { pollUntil } from "./polling.ts";
import { publishConfirmed, sendPublish } from "./publishing.ts";
import type { ConformanceWorld } from "./world.ts";

const numbered = /^message (\d+)/;

export function numberedPayload(number: number): string {
  return `message ${number}`;
}

export function numberedPayloads(count: number): string[] {
  return numbersFrom(1, count).map(numberedPayload);
}

export function numbersFrom(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/** Matches a numbered message on the topic. */
export function isNumberedOn(topic: string) {
  return (packet: Packet): packet is IPublishPacket =>
    packet.cmd === "publish" && packet.topic === topic && numbered.test(payloadText(packet));
}

/**
 * Messages per second over a whole replay: the intervals between the first and the last arrival.
 * Measured over the whole replay, so that one message delayed on the network cannot make two
 * neighbours look too close.
 */
export function replayRate(arrivals: readonly ReceivedPacket[]): number {
  const times = arrivals.map((arrival) => arrival.entry.at).sort((a, b) => a - b);
  const spanMs = times[times.length - 1] - times[0];
  return spanMs === 0 ? Infinity : ((times.length - 1) * 1000) / spanMs;
}

/**
 * Publishes the numbered messages as fast as the broker's Receive Maximum lets a client (waiting
 * for PUBACKs only when that many are unacknowledged); at QoS 1 then waits until every one is
 * acknowledged with success. `payloadBytes` pads each payload to that size.
 */
export async function publishNumbered(
  world: ConformanceWorld,
  name: string,
  topic: string,
  numbers: number[],
  qos: number,
  payloadBytes?: number,
): Promise<void> {
  const client = world.client(name);
  if (qos === 2) {
    // QoS 2 takes four packets a message: one exchange at a time keeps it simple and in order
    for (const number of numbers) await publishConfirmed(world, name, topic, numberedPayload(number), qos);
    return;
  }
  const sent = new Set<number>();
  for (const number of numbers) {
    if (qos > 0 && !client.mayPublishQos1)
      await pollUntil(
        "a PUBACK within the broker's Receive Maximum",
        () => client.mayPublishQos1,
        [client],
        world.deliveryTimeoutMs,
      );
    const text = numberedPayload(number);
    const packetId = sendPublish(
      client,
      topic,
      payloadBytes === undefined ? text : `${text} `.padEnd(payloadBytes, "."),
      qos,
    );
    if (packetId !== undefined) sent.add(packetId);
  }
  if (sent.size === 0) return;
  // one poll over all PUBACKs: a waitFor per message would scan every packet for every message
  const pubacks = (): IPubackPacket[] => client.matching(isPuback).filter((puback) => sent.has(puback.messageId!));
  await pollUntil(
    `PUBACKs for all ${sent.size} numbered messages`,
    () => new Set(pubacks().map((puback) => puback.messageId)).size === sent.size,
    [client],
    world.deliveryTimeoutMs,
    () => pubacks().length,
  );
  const refused = pubacks().filter((puback) => (puback.reasonCode ?? 0) >= 0x80);
  check(
    refused.length === 0,
    client,
    `expected every PUBACK to report success, got ${refused.map(describePacket).join("; ")}`,
  );
}

/** The number of a numbered message, or undefined for any other PUBLISH. */
function numberOf(publish: IPublishPacket): number | undefined {
  const match = numbered.exec(payloadText(publish));
  return match ? Number(match[1]) : undefined;
}

/** Every numbered message a client received on a topic, duplicates included, in arrival order. */
export function numbersReceived(client: MqttTestClient, topic: string): number[] {
  return client
    .matching(isPublishOn(topic))
    .map(numberOf)
    .filter((number) => number !== undefined);
}

/** How many times each number arrived across several clients. */
export function tally(clients: readonly MqttTestClient[], topic: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const client of clients)
    for (const number of numbersReceived(client, topic)) counts.set(number, (counts.get(number) ?? 0) + 1);
  return counts;
}
