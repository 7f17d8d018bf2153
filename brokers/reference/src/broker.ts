// The broker's shared state and routing: sessions, connections by client identifier, retained
// messages, and how one published message reaches every matching subscription.
import type { BrokerConfig } from "./config.ts";
import type { ClientConnection } from "./connection.ts";
import { topicMatches, isWildcardFilter } from "./matcher.ts";
import { isExpired, type Message } from "./message.ts";
import { retainedQuotaExceeded } from "./retained/retained-quota.ts";
import { MemoryRetainedStore, type RetainedStore } from "./retained/retained-store.ts";
import { RulesEngine } from "./rules/rules-engine.ts";
import { MemorySessionStore, type SessionStore } from "./sessions/session-store.ts";
import type { Session, Subscription } from "./sessions/session.ts";
import { SharedDispatcher, type SharedMember } from "./shared/shared-dispatcher.ts";
import { logInternalError, logLine } from "./diagnostics.ts";
import { WillScheduler } from "./will.ts";

export interface PublishOrigin {
  clientId: string;
  /** Set when a rule's republish action sent the message: rules do not see it again. */
  rule?: string;
}

export class Broker {
  readonly sessions: SessionStore = new MemorySessionStore();
  readonly retained: RetainedStore = new MemoryRetainedStore();
  /** [DIF-02] one connection per client identifier. */
  readonly connections = new Map<string, ClientConnection>();
  /** Every open socket, connected or still waiting for CONNECT. */
  readonly sockets = new Set<ClientConnection>();
  readonly wills: WillScheduler;
  readonly rules: RulesEngine;
  readonly shared = new SharedDispatcher({
    membersOf: (groupFilter) => this.sharedMembers(groupFilter),
    deliveryFor: (message, subscription) => this.deliveryFor(message, subscription, false),
  });
  /** Exceptions caught that were not protocol errors (see reportInternalError). */
  internalErrors = 0;
  private assignedIds = 0;

  constructor(readonly config: BrokerConfig) {
    this.wills = new WillScheduler((message) => this.publish(message));
    this.rules = new RulesEngine(config.rules, {
      profile: config.profile,
      republish: (message, rule) => this.publish(message, { clientId: "", rule }),
      warn: logLine,
    });
  }

  get profile() {
    return this.config.profile;
  }

  log(text: string): void {
    if (this.config.verbose) logLine(text);
  }

  /** An exception that is not a protocol error: a bug, always logged and counted, whatever the verbosity. */
  reportInternalError(where: string, error: unknown): void {
    this.internalErrors++;
    logInternalError(where, error);
  }

  /** [M5-13] a client identifier no current session uses. */
  assignClientId(): string {
    for (;;) {
      const candidate = `ref-${process.pid}-${Date.now().toString(36)}-${(this.assignedIds++).toString(36)}`;
      if (!this.connections.has(candidate) && !this.sessions.get(candidate, 5) && !this.sessions.get(candidate, 4)) return candidate;
    }
  }

  /**
   * Routes a message to every matching subscription and returns how many sessions it reached.
   * A session gets one copy at the highest granted QoS among its matching non-shared
   * subscriptions; each shared group gets one copy [SHR-03] [SHR-10].
   */
  publish(message: Message, origin?: PublishOrigin): number {
    if (isExpired(message)) return 0;
    // [RET-10] a Will is routed even at the retained limit, but not stored
    if (message.retain && !retainedQuotaExceeded(this.retained, message, this.config.limits.maxRetainedMessages)) this.retained.set(message);
    let reached = 0;
    const groups = new Set<string>();
    for (const session of this.sessions.all()) {
      let best: Subscription | undefined;
      for (const subscription of session.subscriptions.values()) {
        if (!topicMatches(subscription.topicFilter, message.topic, this.profile)) continue;
        if (subscription.shareName !== undefined) {
          groups.add(subscription.filter);
          continue;
        }
        if (subscription.noLocal && origin?.clientId === session.clientId) continue;
        if (!best || subscription.qos > best.qos) best = subscription;
      }
      if (best) {
        session.deliver(this.deliveryFor(message, best, false));
        reached++;
      }
    }
    for (const groupFilter of groups) {
      if (this.shared.dispatch(groupFilter, message)) reached++;
    }
    // [MON-03] rules look at every message after it has been routed
    if (!origin?.rule) this.rules.consider(message);
    return reached;
  }

  /** Every session holding a subscription to a shared group, connected or not. */
  sharedMembers(groupFilter: string): SharedMember[] {
    const members: SharedMember[] = [];
    for (const session of this.sessions.all()) {
      const subscription = session.subscriptions.get(groupFilter);
      if (subscription) members.push({ session, subscription });
    }
    return members;
  }

  /** Retained messages owed to a new subscription, honouring the profile [RET-06] [RET-13]. */
  retainedFor(subscription: Subscription): Message[] {
    if (subscription.shareName !== undefined) return [];
    if (this.profile === "aws-iot-core") {
      // [RET-06] only an exact topic match receives the retained message
      if (isWildcardFilter(subscription.topicFilter)) return [];
      const message = this.retained.get(subscription.topicFilter);
      return message ? [message] : [];
    }
    return this.retained.find((topic) => topicMatches(subscription.topicFilter, topic, this.profile));
  }

  deliveryFor(message: Message, subscription: Subscription, retained: boolean) {
    const qos = Math.min(message.qos, subscription.qos) as 0 | 1;
    // [RET-04] RETAIN=1 only when the delivery is caused by the subscription itself
    const retain = retained || (subscription.retainAsPublished && message.retain);
    return { message, qos, retain };
  }

  /** Ends a session for good: stored messages are discarded [SES-16]. */
  endSession(session: Session): void {
    session.end();
    this.sessions.delete(session);
  }
}
