// Messages on their way to a connected client. QoS 0 goes out at once, or is dropped for this
// client when its connection has no room (it is not reading). QoS 1 goes out while the client has
// room under its Receive Maximum [M5-16] and its connection has room, and otherwise waits in
// order, at most the session queue limit [SES-10]; what the session stored while offline is
// replayed at a bounded rate [SES-11]. The session holds the data (what is in flight, what is
// stored); this channel is the part that lives and dies with the connection.
import type { Cancel, Scheduler } from "../edge-guard.ts";
import { isExpired } from "../message.ts";
import { DeliveryQueue } from "../sessions/delivery-queue.ts";
import type { Delivery, Session } from "../sessions/session.ts";

/** What the channel needs from its connection. */
export interface PublishWriter {
  /** Writes a PUBLISH; false when the client's Maximum Packet Size forbids it [M5-10]. */
  writePublish(delivery: Delivery, packetId: number | undefined, duplicate: boolean): boolean;
  /** Whether the connection can take more now (see outbound.ts). */
  readonly hasRoom: boolean;
}

export interface DeliveryLimits {
  /** QoS 1 PUBLISHes that may be unacknowledged at once: the client's Receive Maximum [M5-16], or less. */
  receiveMaximum: number;
  /** [SES-11] stored messages replayed per second after the session resumes. */
  replayPerSecond: number;
  /** Set DUP on redelivery (OASIS); AWS never sets it [QOS-08]. */
  markRedeliveries: boolean;
}

export class DeliveryChannel {
  /** Live QoS 1 deliveries waiting for room, within the session's queue limits. */
  private readonly waiting: DeliveryQueue;
  private cancelReplay: Cancel | undefined;

  constructor(
    private readonly session: Session,
    private readonly writer: PublishWriter,
    private readonly limits: DeliveryLimits,
    private readonly scheduler: Scheduler,
    /** Told of each message dropped for this client: no room for QoS 0, or the queue is full. */
    private readonly onDropped: () => void,
  ) {
    this.waiting = new DeliveryQueue(session.queueLimits);
  }

  /** Messages waiting for the client to have room. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Sends one message at the granted QoS [QOS-07], or queues it for room. */
  deliver(delivery: Delivery): void {
    if (isExpired(delivery.message)) return;
    if (delivery.qos === 0) {
      if (this.writer.hasRoom) this.writer.writePublish(delivery, undefined, false);
      else this.onDropped();
    } else if (this.hasRoom() && this.waiting.length === 0) this.sendQos1(delivery, false);
    else this.wait(delivery);
  }

  /** The connection has room again: what waited goes out. */
  roomAgain(): void {
    this.sendWaiting();
  }

  /** [QOS-09] the client acknowledged a QoS 1 PUBLISH: room for the next. */
  acknowledged(packetId: number): void {
    if (this.session.inflight.delete(packetId)) this.sendWaiting();
  }

  /** After CONNACK [SES-07]: resend what is in flight [QOS-03], then replay what was stored. */
  resume(): void {
    for (const [packetId, delivery] of this.session.inflight) {
      if (isExpired(delivery.message)) this.session.inflight.delete(packetId);
      else this.writer.writePublish(delivery, packetId, this.limits.markRedeliveries);
    }
    this.replayNext();
  }

  /**
   * The connection ended. Shared-group deliveries not acknowledged go back to their group
   * [SHR-07]; live messages that never left become stored messages of the session.
   */
  detach(): void {
    this.cancelReplay?.();
    const handedBack: Delivery[] = [];
    for (const [packetId, delivery] of this.session.inflight) {
      if (!delivery.onUndelivered) continue;
      this.session.inflight.delete(packetId);
      handedBack.push(delivery);
    }
    for (const delivery of this.waiting.drain()) {
      if (delivery.onUndelivered) handedBack.push(delivery);
      else if (this.session.persistent && !this.session.store(delivery)) this.onDropped();
    }
    for (const delivery of handedBack) delivery.onUndelivered!();
  }

  private hasRoom(): boolean {
    return this.session.inflight.size < this.limits.receiveMaximum && this.writer.hasRoom;
  }

  /** Queues a QoS 1 delivery; beyond the queue limits a shared one goes back to its group, others are dropped. */
  private wait(delivery: Delivery): void {
    if (this.waiting.push(delivery)) return;
    if (delivery.onUndelivered) delivery.onUndelivered();
    else this.onDropped();
  }

  private sendQos1(delivery: Delivery, duplicate: boolean): void {
    const packetId = this.session.allocatePacketId();
    // a message too large for the client is dropped for it [M5-10], so it is not kept in flight
    if (this.writer.writePublish(delivery, packetId, duplicate)) this.session.inflight.set(packetId, delivery);
    else delivery.onUndelivered?.();
  }

  private sendWaiting(): void {
    while (this.waiting.length > 0 && this.hasRoom()) {
      const delivery = this.waiting.shift()!;
      if (!isExpired(delivery.message)) this.sendQos1(delivery, false);
    }
  }

  /** [SES-11] one stored message per interval, alongside live traffic. */
  private replayNext(): void {
    this.cancelReplay = undefined;
    if (this.session.stored.length === 0) return;
    if (this.hasRoom()) {
      const delivery = this.session.takeStored();
      if (delivery) this.sendQos1(delivery, false);
    }
    if (this.session.stored.length === 0) return;
    this.cancelReplay = this.scheduler.after(1000 / this.limits.replayPerSecond, `replay to ${this.session.clientId}`, () => this.replayNext());
  }
}
