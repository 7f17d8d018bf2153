// A client's session as data: its subscriptions, the QoS 1 and QoS 2 messages in flight towards it,
// the QoS 2 messages it sent that await their PUBREL, and those stored while it was offline. No
// timers and no connection live here: while the client is connected its connection's delivery
// channel (connection/delivery.ts) moves messages in and out, the broker counts down the expiry of
// an offline session, and a store can keep a session as it is.
import type { ProtocolVersion } from "../codec/decoder.ts";
import { isExpired, type Message, type QoS } from "../message.ts";
import { DeliveryQueue, type QueueLimits } from "./delivery-queue.ts";

export interface Subscription {
  /** The filter as subscribed, `$share/...` included. */
  filter: string;
  /** The part that is matched against topics. */
  topicFilter: string;
  shareName?: string;
  /** The QoS granted. */
  qos: QoS;
  /** [MQTT5-3.8.2.1.2] the Subscription Identifier of the SUBSCRIBE, carried on what it delivers. */
  identifier?: number;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: number;
}

/** One message on its way to this session. */
export interface Delivery {
  message: Message;
  qos: QoS;
  /** RETAIN flag on the outgoing PUBLISH [RET-04]. */
  retain: boolean;
  /** [MQTT5-3.3.4-3] the Subscription Identifiers of the client's subscriptions that matched. */
  subscriptionIdentifiers?: readonly number[];
  /**
   * Called instead of keeping a QoS 1 delivery the client did not take: its connection ended
   * before the PUBACK, or it was too large for the client. Shared-group deliveries use it to try
   * another member rather than stay with this session [SHR-07] [SHR-08].
   */
  onUndelivered?: () => void;
}

export interface SessionOptions {
  clientId: string;
  protocolVersion: ProtocolVersion;
  /** Seconds the session outlives its connection; 0: ends at disconnect. */
  expiryIntervalSeconds: number;
  /** [SES-10] QoS 1 messages kept for the session while it cannot take them. */
  queueLimits: QueueLimits;
}

const maxPacketId = 65535;

export class Session {
  readonly clientId: string;
  readonly protocolVersion: ProtocolVersion;
  expiryIntervalSeconds: number;
  readonly queueLimits: QueueLimits;
  readonly subscriptions = new Map<string, Subscription>();
  /** QoS 1 and QoS 2 deliveries sent and not yet acknowledged (PUBACK, PUBREC), by packet identifier. */
  readonly inflight = new Map<number, Delivery>();
  /**
   * [MQTT-4.3.3-1] QoS 2 deliveries whose PUBREC came and whose PUBREL is out, awaiting PUBCOMP:
   * only the PUBREL is ever sent again, and the identifier stays in use until then.
   */
  readonly released = new Set<number>();
  /**
   * [MQTT-4.3.3-2] packet identifiers of QoS 2 PUBLISHes received from the client and answered
   * with PUBREC, until its PUBREL: a PUBLISH repeating one is acknowledged but not routed again.
   */
  readonly awaitingRelease = new Set<number>();
  /** [SES-09] QoS 1 messages stored while offline, replayed at a bounded rate [SES-11]. */
  readonly stored: DeliveryQueue;
  private nextPacketId = 1;

  constructor(options: SessionOptions) {
    this.clientId = options.clientId;
    this.protocolVersion = options.protocolVersion;
    this.expiryIntervalSeconds = options.expiryIntervalSeconds;
    this.queueLimits = options.queueLimits;
    this.stored = new DeliveryQueue(options.queueLimits);
  }

  get persistent(): boolean {
    return this.expiryIntervalSeconds > 0;
  }

  /**
   * Keeps a QoS 1 message for later [SES-09]; QoS 0 is never kept, and beyond the queue limits
   * newer messages are dropped [SES-10]. Returns whether it was kept.
   */
  store(delivery: Delivery): boolean {
    if (delivery.qos === 0 || isExpired(delivery.message)) return false;
    return this.stored.push({ ...delivery, retain: false });
  }

  /** The oldest stored message still alive, taken off the queue [SES-12]. */
  takeStored(): Delivery | undefined {
    for (let delivery = this.stored.shift(); delivery; delivery = this.stored.shift()) {
      if (!isExpired(delivery.message)) return delivery;
    }
    return undefined;
  }

  /** Deliveries towards the client not yet complete, which its Receive Maximum bounds [MQTT5-3.3.4-9]. */
  get unacknowledgedCount(): number {
    return this.inflight.size + this.released.size;
  }

  /** A packet identifier no in-flight message uses. */
  allocatePacketId(): number {
    for (let attempts = 0; attempts < maxPacketId; attempts++) {
      const candidate = this.nextPacketId;
      this.nextPacketId = candidate === maxPacketId ? 1 : candidate + 1;
      if (!this.inflight.has(candidate) && !this.released.has(candidate)) return candidate;
    }
    throw new Error(`session ${this.clientId} has no free packet identifier`);
  }

  /** Drops everything the session holds [SES-16]. */
  clear(): void {
    this.subscriptions.clear();
    this.inflight.clear();
    this.released.clear();
    this.awaitingRelease.clear();
    this.stored.drain();
  }
}
