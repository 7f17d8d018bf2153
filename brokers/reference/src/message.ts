// An application message as the broker routes it, independent of the packet that carried it.
import type { IPublishPacket } from "mqtt-packet";

/** PUBLISH properties that travel with a message; alias and subscription ids are per-hop. */
export type MessageProperties = Omit<NonNullable<IPublishPacket["properties"]>, "topicAlias" | "subscriptionIdentifier">;

export interface Message {
  topic: string;
  payload: Buffer;
  qos: 0 | 1;
  retain: boolean;
  properties: MessageProperties;
  /** Epoch milliseconds after which the message is no longer delivered [M5-04]; undefined: never. */
  expiresAt?: number;
}

/** [M5-06] AWS clamps a Message Expiry Interval to [1, 604800] seconds. */
export const minimumMessageExpirySeconds = 1;
export const maximumMessageExpirySeconds = 604800;

export function clampMessageExpiry(seconds: number): number {
  return Math.min(maximumMessageExpirySeconds, Math.max(minimumMessageExpirySeconds, seconds));
}

export function isExpired(message: Message, now = Date.now()): boolean {
  return message.expiresAt !== undefined && message.expiresAt <= now;
}

/** [M5-05] whole seconds left; 999 ms or less shows 0. */
export function remainingExpirySeconds(message: Message, now = Date.now()): number | undefined {
  if (message.expiresAt === undefined) return undefined;
  return Math.max(0, Math.floor((message.expiresAt - now) / 1000));
}
