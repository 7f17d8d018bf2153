// Numbered messages ("message 1", "message 2", ...) that fill an offline session's store, and how
// their arrival is measured: how many came, and how fast they were replayed [SES-10] [SES-11].
import type { IPublishPacket, Packet } from "mqtt-packet";
import type { ReceivedPacket } from "../driver/client.ts";
import { payloadText } from "../driver/predicates.ts";

const numbered = /^message (\d+)$/;

export function numberedPayloads(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `message ${index + 1}`);
}

/** Matches a numbered message on the topic. */
export function isNumberedOn(topic: string) {
  return (packet: Packet): packet is IPublishPacket => packet.cmd === "publish" && packet.topic === topic && numbered.test(payloadText(packet));
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
