// Numbered messages: many PUBLISHes told apart by their payload ("msg-17"), for scenarios that
// count what a set of clients received between them (shared subscription groups).
import type { IPubackPacket, IPublishPacket } from "mqtt-packet";
import type { MqttTestClient } from "../driver/client.ts";
import { describePacket } from "../driver/describe.ts";
import { isPuback, isPublishOn, payloadText } from "../driver/predicates.ts";
import { check } from "./assertions.ts";
import { pollUntil } from "./polling.ts";
import { sendPublish } from "./publishing.ts";
import type { ConformanceWorld } from "./world.ts";

const prefix = "msg-";

export function numberedPayload(number: number): string {
  return `${prefix}${number}`;
}

export function numbersFrom(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/**
 * Publishes the numbered messages without waiting between them; at QoS 1 then waits until every
 * one is acknowledged with success. `payloadBytes` pads each payload to that size.
 */
export async function publishNumbered(world: ConformanceWorld, name: string, topic: string, numbers: number[], qos: number, payloadBytes?: number): Promise<void> {
  const client = world.client(name);
  const sent = new Set<number>();
  for (const number of numbers) {
    const text = numberedPayload(number);
    const packetId = sendPublish(client, topic, payloadBytes === undefined ? text : `${text} `.padEnd(payloadBytes, "."), qos);
    if (packetId !== undefined) sent.add(packetId);
  }
  if (sent.size === 0) return;
  // one poll over all PUBACKs: a waitFor per message would scan every packet for every message
  const pubacks = (): IPubackPacket[] => client.matching(isPuback).filter((puback) => sent.has(puback.messageId!));
  await pollUntil(`PUBACKs for all ${sent.size} numbered messages`, () => new Set(pubacks().map((puback) => puback.messageId)).size === sent.size, [client], world.deliveryTimeoutMs);
  const refused = pubacks().filter((puback) => (puback.reasonCode ?? 0) >= 0x80);
  check(refused.length === 0, client, `expected every PUBACK to report success, got ${refused.map(describePacket).join("; ")}`);
}

/** The number of a numbered message, or undefined for any other PUBLISH. */
function numberOf(publish: IPublishPacket): number | undefined {
  const text = payloadText(publish);
  const match = text.startsWith(prefix) ? /^\d+/.exec(text.slice(prefix.length)) : null;
  return match ? Number(match[0]) : undefined;
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
  for (const client of clients) for (const number of numbersReceived(client, topic)) counts.set(number, (counts.get(number) ?? 0) + 1);
  return counts;
}
