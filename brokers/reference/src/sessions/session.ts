// A client's session: its subscriptions, the QoS 1 messages in flight towards it, and the
// messages stored while it was offline. Delivery rules of the QOS and SES groups live here.
import type { ProtocolVersion } from "../codec/decoder.ts";
import { isExpired, type Message } from "../message.ts";

export interface Subscription {
  /** The filter as subscribed, `$share/...` included. */
  filter: string;
  /** The part that is matched against topics. */
  topicFilter: string;
  shareName?: string;
  qos: 0 | 1;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: number;
}

/** One message on its way to this session. */
export interface Delivery {
  message: Message;
  qos: 0 | 1;
  /** RETAIN flag on the outgoing PUBLISH [RET-04]. */
  retain: boolean;
  /**
   * Called instead of keeping a QoS 1 delivery the client did not take: its connection ended
   * before the PUBACK, or it was too large for the client. Shared-group deliveries use it to try
   * another member rather than stay with this session [SHR-07] [SHR-08].
   */
  onUndelivered?: () => void;
}

/** What a session needs from the connection it is attached to. */
export interface SessionLink {
  readonly receiveMaximum: number;
  /** Sends a PUBLISH; returns false when the client's Maximum Packet Size forbids it [M5-10]. */
  sendPublish(delivery: Delivery, packetId: number | undefined, duplicate: boolean): boolean;
}

export interface SessionOptions {
  clientId: string;
  protocolVersion: ProtocolVersion;
  /** Seconds the session outlives its connection; 0: ends at disconnect. */
  expiryIntervalSeconds: number;
  maxQueuedMessages: number;
  queuedReplayPerSecond: number;
  /** Set DUP on redelivery (OASIS); AWS never sets it [QOS-08]. */
  markRedeliveries: boolean;
}

const maxPacketId = 65535;

export class Session {
  readonly clientId: string;
  readonly protocolVersion: ProtocolVersion;
  expiryIntervalSeconds: number;
  readonly subscriptions = new Map<string, Subscription>();
  /** QoS 1 deliveries sent and not yet acknowledged, by packet identifier. */
  readonly inflight = new Map<number, Delivery>();
  /** [SES-09] QoS 1 messages stored while offline, replayed at a bounded rate [SES-11]. */
  readonly stored: Delivery[] = [];
  /** Live QoS 1 deliveries waiting for room under the client's Receive Maximum [M5-16]. */
  private readonly waiting: Delivery[] = [];
  private link: SessionLink | undefined;
  private nextPacketId = 1;
  private replayTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  /** Counts messages dropped because the stored queue was full [SES-10]. */
  droppedForQueueLimit = 0;

  constructor(private readonly options: SessionOptions) {
    this.clientId = options.clientId;
    this.protocolVersion = options.protocolVersion;
    this.expiryIntervalSeconds = options.expiryIntervalSeconds;
  }

  get connected(): boolean {
    return this.link !== undefined;
  }

  get persistent(): boolean {
    return this.expiryIntervalSeconds > 0;
  }

  /** Routes one message to this session at the granted QoS [QOS-07]. */
  deliver(delivery: Delivery): void {
    if (isExpired(delivery.message)) return;
    if (!this.link) {
      // [SES-09] offline: QoS 0 is not stored
      if (delivery.qos === 1 && this.persistent) this.store(delivery);
      return;
    }
    if (delivery.qos === 0) {
      this.link.sendPublish(delivery, undefined, false);
      return;
    }
    if (this.hasRoom()) this.sendQos1(delivery, false);
    else this.waiting.push(delivery);
  }

  /** [QOS-09] the client acknowledged a QoS 1 PUBLISH; returns false if the id was unknown. */
  acknowledge(packetId: number): boolean {
    const known = this.inflight.delete(packetId);
    if (known) this.sendWaiting();
    return known;
  }

  /** Attaches a new connection: resend what is in flight, then replay what was stored. */
  attach(link: SessionLink): void {
    this.cancelExpiry();
    this.link = link;
    // [QOS-03] unacknowledged messages are sent again on resume
    for (const [packetId, delivery] of this.inflight) {
      if (isExpired(delivery.message)) this.inflight.delete(packetId);
      else link.sendPublish(delivery, packetId, this.options.markRedeliveries);
    }
    this.scheduleReplay();
  }

  /** Detaches the connection; the caller decides whether the session lives on. */
  detach(): void {
    this.link = undefined;
    this.stopReplay();
    const handedBack: Delivery[] = [];
    for (const [packetId, delivery] of this.inflight) {
      if (!delivery.onUndelivered) continue;
      this.inflight.delete(packetId);
      handedBack.push(delivery);
    }
    // live messages that never left become stored messages of an offline session
    for (const delivery of this.waiting.splice(0)) {
      if (delivery.onUndelivered) handedBack.push(delivery);
      else this.store(delivery);
    }
    for (const delivery of handedBack) delivery.onUndelivered!();
  }

  /** Starts the expiry countdown after disconnect [SES-13]; `onExpired` ends the session. */
  startExpiry(onExpired: () => void): void {
    this.cancelExpiry();
    this.expiryTimer = setTimeout(onExpired, this.expiryIntervalSeconds * 1000);
    this.expiryTimer.unref();
  }

  /** Drops everything: timers, stored and in-flight messages [SES-16]. */
  end(): void {
    this.cancelExpiry();
    this.stopReplay();
    this.link = undefined;
    this.inflight.clear();
    this.stored.length = 0;
    this.waiting.length = 0;
  }

  private cancelExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }

  private store(delivery: Delivery): void {
    // [SES-10] beyond the limit, newer messages are dropped
    if (this.stored.length >= this.options.maxQueuedMessages) {
      this.droppedForQueueLimit++;
      return;
    }
    this.stored.push({ ...delivery, retain: false });
  }

  private hasRoom(): boolean {
    return this.link !== undefined && this.inflight.size < this.link.receiveMaximum;
  }

  private allocatePacketId(): number {
    for (let attempts = 0; attempts < maxPacketId; attempts++) {
      const candidate = this.nextPacketId;
      this.nextPacketId = candidate === maxPacketId ? 1 : candidate + 1;
      if (!this.inflight.has(candidate)) return candidate;
    }
    throw new Error(`session ${this.clientId} has no free packet identifier`);
  }

  private sendQos1(delivery: Delivery, duplicate: boolean): void {
    if (!this.link) return;
    const packetId = this.allocatePacketId();
    // a message too large for the client is dropped for it [M5-10], so it is not kept in flight
    if (this.link.sendPublish(delivery, packetId, duplicate)) this.inflight.set(packetId, delivery);
    else delivery.onUndelivered?.();
  }

  private sendWaiting(): void {
    while (this.waiting.length > 0 && this.hasRoom()) {
      const delivery = this.waiting.shift()!;
      if (!isExpired(delivery.message)) this.sendQos1(delivery, false);
    }
  }

  /** [SES-11] stored messages go out at a bounded rate, alongside live traffic. */
  private scheduleReplay(): void {
    this.stopReplay();
    const intervalMs = 1000 / this.options.queuedReplayPerSecond;
    const replayNext = (): void => {
      this.replayTimer = undefined;
      if (!this.link) return;
      while (this.stored.length > 0 && isExpired(this.stored[0].message)) this.stored.shift(); // [SES-12]
      if (this.stored.length === 0) return;
      if (this.hasRoom()) this.sendQos1(this.stored.shift()!, false);
      this.replayTimer = setTimeout(replayNext, intervalMs);
    };
    replayNext();
  }

  private stopReplay(): void {
    if (this.replayTimer) clearTimeout(this.replayTimer);
    this.replayTimer = undefined;
  }
}
