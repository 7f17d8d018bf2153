// Messages on their way to a connected client. QoS 0 goes out at once, or is dropped for this
// client when its connection has no room (it is not reading). QoS 1 and QoS 2 go out while the
// client has room under its Receive Maximum [M5-16] [MQTT5-3.3.4-9] and its connection has room,
// and otherwise wait in order, at most the session queue limit [SES-10]; what the session stored
// while offline is replayed at a bounded rate [SES-11]. A QoS 2 delivery is outstanding until its
// PUBREC, then its PUBREL until the PUBCOMP [MQTT-4.3.3-1]. The session holds the data (what is in flight, what is
// stored); this channel is the part that lives and dies with the connection.
import type { Cancel, Scheduler } from "../edge-guard.ts";
import { isExpired } from "../message.ts";
import { DeliveryQueue } from "../sessions/delivery-queue.ts";
import type { Delivery, Session } from "../sessions/session.ts";

/** What the channel needs from its connection. */
export interface PublishWriter {
  /** Writes a PUBLISH; false when the client's Maximum Packet Size forbids it [M5-10]. */
  writePublish(delivery: Delivery, packetId: number | undefined, duplicate: boolean): boolean;
  /** Writes the PUBREL of a QoS 2 delivery. */
  writeRelease(packetId: number): void;
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
  /**
   * [SHR-07] a shared-group message too large for the client goes to another member (AWS IoT
   * Core); otherwise it is dropped as if delivered [MQTT5-3.1.2-25].
   */
  oversizedToAnotherMember: boolean;
}

/** What a PUBREC did to the delivery it acknowledges. */
export type ReceivedOutcome = "released" | "refused" | "unknown";

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
    } else if (this.hasRoom() && this.waiting.length === 0) this.sendTracked(delivery);
    else this.wait(delivery);
  }

  /** The connection has room again: what waited goes out. */
  roomAgain(): void {
    this.sendWaiting();
  }

  /**
   * [QOS-09] the client acknowledged a QoS 1 PUBLISH: room for the next. A PUBACK of 0x80 or
   * above settles the delivery just the same: it is not sent again [MQTT5-4.4.0-2].
   */
  acknowledged(packetId: number): void {
    if (this.session.inflight.get(packetId)?.qos !== 1) return;
    this.session.inflight.delete(packetId);
    this.sendWaiting();
  }

  /**
   * PUBREC for a QoS 2 delivery: below 0x80 the PUBLISH is never sent again and the PUBREL is
   * outstanding until PUBCOMP [MQTT5-4.3.3-4] [MQTT5-4.3.3-6]; 0x80 or above ends the delivery
   * [MQTT5-4.8.2-6]. A PUBREC for a delivery already released is answered with its PUBREL again.
   */
  received(packetId: number, reasonCode: number): ReceivedOutcome {
    if (this.session.released.has(packetId)) return "released";
    if (this.session.inflight.get(packetId)?.qos !== 2) return "unknown";
    this.session.inflight.delete(packetId);
    if (reasonCode >= 0x80) {
      this.sendWaiting();
      return "refused";
    }
    this.session.released.add(packetId);
    return "released";
  }

  /** [MQTT5-4.3.3-5] PUBCOMP ends a QoS 2 delivery: its identifier is free, and there is room for the next. */
  completed(packetId: number): void {
    if (this.session.released.delete(packetId)) this.sendWaiting();
  }

  /**
   * After CONNACK [SES-07]: resend what is in flight [QOS-03] (a QoS 2 PUBLISH even past its
   * expiry, which no longer applies once it was sent [MQTT5-4.3.3-7]) and the PUBRELs awaiting
   * PUBCOMP [MQTT5-4.3.3-5], then replay what was stored.
   */
  resume(): void {
    for (const [packetId, delivery] of this.session.inflight) {
      if (delivery.qos === 1 && isExpired(delivery.message)) this.session.inflight.delete(packetId);
      else this.writer.writePublish(delivery, packetId, this.limits.markRedeliveries);
    }
    for (const packetId of this.session.released) this.writer.writeRelease(packetId);
    this.replayNext();
  }

  /**
   * The connection ended. Shared-group QoS 1 deliveries not acknowledged go back to their group
   * [SHR-07] (a QoS 2 one stays with its member [MQTT5-4.8.2-4]); live messages that never left
   * become stored messages of the session.
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
    return this.session.unacknowledgedCount < this.limits.receiveMaximum && this.writer.hasRoom;
  }

  /**
   * Queues a QoS 1 or QoS 2 delivery; beyond the queue limits a shared one goes back to its group, others are dropped.
   */
  private wait(delivery: Delivery): void {
    if (this.waiting.push(delivery)) return;
    if (delivery.onUndelivered) delivery.onUndelivered();
    else this.onDropped();
  }

  /** Sends a QoS 1 or QoS 2 delivery under a new packet identifier [MQTT5-4.3.3-1], DUP 0. */
  private sendTracked(delivery: Delivery): void {
    const packetId = this.session.allocatePacketId();
    // a message too large for the client is dropped for it as if delivered [M5-10]
    // [MQTT5-3.1.2-25], so it is not kept in flight
    if (this.writer.writePublish(delivery, packetId, false)) this.session.inflight.set(packetId, delivery);
    else if (this.limits.oversizedToAnotherMember) delivery.onUndelivered?.();
  }

  private sendWaiting(): void {
    while (this.waiting.length > 0 && this.hasRoom()) {
      const delivery = this.waiting.shift()!;
      if (!isExpired(delivery.message)) this.sendTracked(delivery);
    }
  }

  /** [SES-11] one stored message per interval, alongside live traffic. */
  private replayNext(): void {
    this.cancelReplay = undefined;
    if (this.session.stored.length === 0) return;
    if (this.hasRoom()) {
      const delivery = this.session.takeStored();
      if (delivery) this.sendTracked(delivery);
    }
    if (this.session.stored.length === 0) return;
    this.cancelReplay = this.scheduler.after(
      1000 / this.limits.replayPerSecond,
      `replay to ${this.session.clientId}`,
      () => this.replayNext(),
    );
  }
}
