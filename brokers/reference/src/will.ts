// Last Will messages: kept for the life of a connection, published when it ends in any way the
// client did not ask for [LWT-02] [LWT-04], possibly after a Will Delay Interval that a reconnect
// cancels [LWT-11].
import type { IConnectPacket } from "mqtt-packet";
import type { Scheduler } from "./edge-guard.ts";
import { KeyedTimers } from "./keyed-timers.ts";
import { clampMessageExpiry, ownBytes, ownProperties, type Message } from "./message.ts";

export interface Will {
  message: Omit<Message, "expiresAt">;
  /** [LWT-08] expiry counts from the moment the will is published, not from CONNECT. */
  messageExpirySeconds?: number;
  delaySeconds: number;
}

export function willFromConnect(will: NonNullable<IConnectPacket["will"]>): Will {
  const { willDelayInterval, messageExpiryInterval, ...properties } = will.properties ?? {};
  return {
    message: {
      topic: will.topic,
      payload: ownBytes(will.payload),
      qos: will.qos ?? 0,
      retain: will.retain ?? false,
      properties: ownProperties(properties),
    },
    messageExpirySeconds: messageExpiryInterval === undefined ? undefined : clampMessageExpiry(messageExpiryInterval),
    delaySeconds: willDelayInterval ?? 0,
  };
}

/** Turns a will into the message published now, starting its expiry clock. */
export function willMessage(will: Will, now = Date.now()): Message {
  const expiresAt = will.messageExpirySeconds === undefined ? undefined : now + will.messageExpirySeconds * 1000;
  return { ...will.message, expiresAt };
}

/** Wills waiting out their delay, by client identifier. */
export class WillScheduler {
  private readonly pending: KeyedTimers<string>;
  private readonly waiting = new Map<string, Will>();

  constructor(
    scheduler: Scheduler,
    private readonly publish: (message: Message) => void,
  ) {
    this.pending = new KeyedTimers(scheduler);
  }

  /** Publishes now, or after the will's delay unless `cancel` is called first. */
  schedule(clientId: string, will: Will): void {
    this.cancel(clientId);
    if (will.delaySeconds <= 0) {
      this.publish(willMessage(will));
      return;
    }
    this.waiting.set(clientId, will);
    this.pending.set(clientId, will.delaySeconds * 1000, `Will of ${clientId}`, () => this.publishNow(clientId));
  }

  /** [LWT-11] the client came back within the delay: the will is not sent. */
  cancel(clientId: string): void {
    this.pending.cancel(clientId);
    this.waiting.delete(clientId);
  }

  /** [MQTT5-3.1.2-8] the session ended before the delay did: a waiting will is published now. */
  publishNow(clientId: string): void {
    const will = this.waiting.get(clientId);
    this.cancel(clientId);
    if (will) this.publish(willMessage(will));
  }

  clear(): void {
    this.pending.clear();
    this.waiting.clear();
  }
}
