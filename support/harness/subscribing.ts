// Subscribing as a step means it: SUBSCRIBE (or UNSUBSCRIBE), wait for the acknowledgement, and
// remember it for the steps that inspect it.
import type { ISubackPacket, ISubscribePacket, IUnsubackPacket, IUnsubscribePacket, QoS } from "mqtt-packet";
import { describePacket } from "../driver/describe.ts";
import { isSubackFor, isUnsubackFor } from "../driver/predicates.ts";
import { check } from "./assertions.ts";
import type { ConformanceWorld } from "./world.ts";

export interface SubscriptionRequest {
  topic: string;
  qos: number;
  /** MQTT 5 subscription options: No Local, Retain As Published, Retain Handling. */
  nl?: boolean;
  rap?: boolean;
  rh?: number;
}

/** Keeps a SUBACK for the steps that read it, and the grants it gave for absence claims. */
export function recordSuback(
  world: ConformanceWorld,
  name: string,
  suback: ISubackPacket,
  filters?: readonly string[],
): void {
  world.subacks.set(name, suback);
  const client = world.client(name);
  const subscribe = client.log.entries.find(
    (entry) =>
      entry.direction === "sent" && entry.packet?.cmd === "subscribe" && entry.packet.messageId === suback.messageId,
  )?.packet;
  const topics =
    filters ??
    (subscribe?.cmd === "subscribe" ? subscribe.subscriptions.map((subscription) => subscription.topic) : []);
  const codes = (suback.granted ?? []) as number[];
  topics.forEach((topic, index) => {
    if (codes[index] !== undefined && codes[index] < 0x80) world.grants.record(name, topic);
  });
}

/** Sends one SUBSCRIBE for every filter given (with MQTT 5 properties, if any) and waits for its SUBACK. */
export async function subscribeToAll(
  world: ConformanceWorld,
  name: string,
  requests: readonly SubscriptionRequest[],
  properties?: ISubscribePacket["properties"],
): Promise<ISubackPacket> {
  const client = world.client(name);
  const messageId = client.allocatePacketId();
  const subscriptions = requests.map(({ topic, qos, ...options }) => ({ topic, qos: qos as QoS, ...options }));
  client.send({ cmd: "subscribe", messageId, subscriptions, ...(properties ? { properties } : {}) });
  const what = requests.map((request) => JSON.stringify(request.topic)).join(", ");
  const suback = await client.waitFor(`SUBACK for ${what}`, isSubackFor(messageId), world.deliveryTimeoutMs);
  recordSuback(
    world,
    name,
    suback,
    requests.map((request) => request.topic),
  );
  return suback;
}

export function subscribe(
  world: ConformanceWorld,
  name: string,
  filter: string,
  qos: number,
  properties?: ISubscribePacket["properties"],
): Promise<ISubackPacket> {
  return subscribeToAll(world, name, [{ topic: filter, qos }], properties);
}

export async function subscribeGranted(
  world: ConformanceWorld,
  name: string,
  filter: string,
  qos: number,
): Promise<void> {
  const suback = await subscribe(world, name, filter, qos);
  const code = (suback.granted as number[])[0];
  check(
    code < 0x80,
    world.client(name),
    `expected the subscription to ${JSON.stringify(filter)} to be granted, got ${describePacket(suback)}`,
  );
}

/** Sends one UNSUBSCRIBE for the filters and waits for its UNSUBACK. */
export async function unsubscribe(
  world: ConformanceWorld,
  name: string,
  filters: readonly string[],
  properties?: IUnsubscribePacket["properties"],
): Promise<IUnsubackPacket> {
  const client = world.client(name);
  const messageId = client.allocatePacketId();
  client.send({ cmd: "unsubscribe", messageId, unsubscriptions: [...filters], ...(properties ? { properties } : {}) });
  const unsuback = await client.waitFor(
    `UNSUBACK for ${filters.map((filter) => JSON.stringify(filter)).join(", ")}`,
    isUnsubackFor(messageId),
    world.deliveryTimeoutMs,
  );
  world.unsubacks.set(name, unsuback);
  return unsuback;
}
