// An application message as the broker routes it, independent of the packet that carried it.
import type { IPublishPacket } from "mqtt-packet";

export type QoS = 0 | 1 | 2;

/** PUBLISH properties that travel with a message; alias and subscription ids are per-hop. */
export type MessageProperties = Omit<
  NonNullable<IPublishPacket["properties"]>,
  "topicAlias" | "subscriptionIdentifier"
>;

export interface Message {
  topic: string;
  payload: Buffer;
  qos: QoS;
  retain: boolean;
  properties: MessageProperties;
  /** Epoch milliseconds after which the message is no longer delivered [M5-04]; undefined: never. */
  expiresAt?: number;
}

/** [M5-06] AWS clamps a Message Expiry Interval to [1, 604800] seconds. */
export const minimumMessageExpirySeconds = 1;
export const maximumMessageExpirySeconds = 604800;

/**
 * Bytes from a packet that a message may keep. Decoded buffers are views of what the connection
 * received; a small view kept for long (stored, retained, waiting for a slow client) would keep a
 * whole receive buffer alive, so it is copied. A view of most of its buffer is kept as it is: a
 * copy would only double the memory a burst of large messages needs.
 */
export function ownBytes(bytes: Buffer | string): Buffer {
  if (typeof bytes === "string") return Buffer.from(bytes);
  return bytes.buffer.byteLength > 2 * bytes.length + 1024 ? Buffer.from(bytes) : bytes;
}

/** Properties with their binary value (Correlation Data) owned, as `ownBytes` says why. */
export function ownProperties(properties: MessageProperties): MessageProperties {
  return properties.correlationData
    ? { ...properties, correlationData: ownBytes(properties.correlationData) }
    : properties;
}

export function clampMessageExpiry(seconds: number): number {
  return Math.min(maximumMessageExpirySeconds, Math.max(minimumMessageExpirySeconds, seconds));
}

export function isExpired(message: Message, now?: number): boolean {
  // the clock is read only for a message that can expire: this runs for every delivery
  return message.expiresAt !== undefined && message.expiresAt <= (now ?? Date.now());
}

/** [M5-05] whole seconds left; 999 ms or less shows 0. */
export function remainingExpirySeconds(message: Message, now = Date.now()): number | undefined {
  if (message.expiresAt === undefined) return undefined;
  return Math.max(0, Math.floor((message.expiresAt - now) / 1000));
}
