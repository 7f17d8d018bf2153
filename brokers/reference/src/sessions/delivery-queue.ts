// QoS 1 messages kept in order for a client that cannot take them yet (offline, or not reading),
// bounded both in number [SES-10] and in payload bytes, so one client costs the broker a known
// amount whatever the size of the messages sent to it.
import type { Delivery } from "./session.ts";

export interface QueueLimits {
  /** [SES-10] messages kept at most; newer ones are refused. */
  maxMessages: number;
  /** Payload bytes kept at most; newer messages that would exceed it are refused. */
  maxBytes: number;
}

export class DeliveryQueue {
  private readonly deliveries: Delivery[] = [];
  private payloadBytes = 0;

  constructor(private readonly limits: QueueLimits) {}

  get length(): number {
    return this.deliveries.length;
  }

  /** Adds at the end; false (and nothing kept) when the queue is full. */
  push(delivery: Delivery): boolean {
    const size = delivery.message.payload.length;
    if (this.deliveries.length >= this.limits.maxMessages || this.payloadBytes + size > this.limits.maxBytes)
      return false;
    this.deliveries.push(delivery);
    this.payloadBytes += size;
    return true;
  }

  shift(): Delivery | undefined {
    const delivery = this.deliveries.shift();
    if (delivery) this.payloadBytes -= delivery.message.payload.length;
    return delivery;
  }

  /** Empties the queue, returning what it held in order. */
  drain(): Delivery[] {
    this.payloadBytes = 0;
    return this.deliveries.splice(0);
  }
}
