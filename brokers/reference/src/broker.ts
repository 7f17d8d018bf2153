// The broker's shared state and routing: the stores it is given (sessions, retained messages), the
// connections by client identifier, Wills and rules, and how one published message reaches every
// matching subscription. `shutdown()` owns teardown.
import type { Duplex } from "node:stream";
import { scramCredentials, ScramExchange, type ScramCredentials } from "./auth/scram.ts";
import type { ProtocolVersion } from "./codec/decoder.ts";
import type { BrokerConfig } from "./config.ts";
import { ClientConnection } from "./connection/client-connection.ts";
import type { AcceptedConnect, CloseCause } from "./connection/connection.ts";
import { logInternalError, logLine } from "./diagnostics.ts";
import { EdgeGuard } from "./edge-guard.ts";
import { KeyedTimers } from "./keyed-timers.ts";
import { LifecycleEvents } from "./lifecycle/lifecycle-events.ts";
import { ConnectRate } from "./limits/connect-rate.ts";
import { effectiveLimits, type EffectiveLimits } from "./limits/limits-config.ts";
import { topicMatches, isWildcardFilter } from "./matcher.ts";
import { isExpired, type Message, type QoS } from "./message.ts";
import { ReasonCode } from "./reason-codes.ts";
import { retainedQuotaExceeded } from "./retained/retained-quota.ts";
import type { RetainedStore } from "./retained/retained-store.ts";
import { RulesEngine } from "./rules/rules-engine.ts";
import type { SessionStore } from "./sessions/session-store.ts";
import { Session, type Delivery, type Subscription } from "./sessions/session.ts";
import { SharedDispatcher, type SharedMember } from "./shared/shared-dispatcher.ts";
import { SubscriptionIndex } from "./subscriptions/subscription-index.ts";
import { WillScheduler } from "./will.ts";

export interface PublishOrigin {
  clientId: string;
  /** Set when a rule's republish action sent the message: rules do not see it again. */
  rule?: string;
}

/** Where the broker keeps what outlives a connection. */
export interface BrokerStores {
  sessions: SessionStore;
  retained: RetainedStore;
}

/** Counters for tests, fuzz runs and operators. */
export interface BrokerStats {
  /** Open network connections, connected or still waiting for CONNECT. */
  connections: number;
  /** Sessions held, connected or not. */
  sessions: number;
  retainedMessages: number;
  /** QoS 1 and QoS 2 messages waiting for their client: stored for offline sessions, queued for connected ones. */
  queuedMessages: number;
  /** Messages dropped for a client: QoS 0 while it did not read, QoS 1 over the queue limit [SES-10]. */
  droppedMessages: number;
  /** Bytes sent and not yet taken by the client, on the connection where most wait. */
  largestOutboundBufferBytes: number;
  /** Exceptions caught at the edges that were not protocol errors: bugs. */
  internalErrors: number;
}

/** The Subscription Identifiers of a delivery whose subscriptions gave none. */
const noIdentifiers: readonly number[] = [];

export class Broker {
  readonly guard: EdgeGuard;
  readonly sessions: SessionStore;
  readonly retained: RetainedStore;
  readonly wills: WillScheduler;
  readonly rules: RulesEngine;
  readonly shared: SharedDispatcher;
  /** [EVT-01..08] lifecycle events, published like any message (off under oasis unless asked for). */
  readonly lifecycle: LifecycleEvents;
  /** [LIM-01..05] AWS IoT Core's limits in force under this profile and configuration. */
  readonly brokerLimits: EffectiveLimits;
  /** [LIM-04] CONNECTs accepted per client identifier and second. */
  readonly connectRate: ConnectRate;
  /** Every subscription of every session held, for routing. */
  private readonly subscriptions: SubscriptionIndex;
  /** [DIF-02] one connection per client identifier, once CONNECT is accepted. */
  private readonly connected = new Map<string, ClientConnection>();
  /** Every open connection, connected or still waiting for CONNECT. */
  private readonly open = new Set<ClientConnection>();
  /** [SES-13] the countdown of each offline persistent session. */
  private readonly expiry: KeyedTimers<Session>;
  /** [MQTT5-4.12] the keys of the enhanced authentication account, derived once. */
  private readonly scram: ScramCredentials | undefined;
  private internalErrors = 0;
  private droppedMessages = 0;
  private assignedIds = 0;

  constructor(
    readonly config: BrokerConfig,
    stores: BrokerStores,
  ) {
    this.guard = new EdgeGuard((where, error) => this.reportInternalError(where, error));
    this.sessions = stores.sessions;
    this.retained = stores.retained;
    // a store that already holds sessions (one kept across restarts) has them indexed here
    this.subscriptions = new SubscriptionIndex(config.profile);
    for (const session of this.sessions.all())
      for (const subscription of session.subscriptions.values()) this.subscriptions.add(session, subscription);
    this.expiry = new KeyedTimers(this.guard);
    this.wills = new WillScheduler(this.guard, (message) => this.publish(message));
    this.rules = new RulesEngine(config.rules, {
      profile: config.profile,
      republish: (message, rule) => this.publish(message, { clientId: "", rule }),
      warn: logLine,
    });
    this.lifecycle = new LifecycleEvents(config.lifecycleEvents ?? config.profile === "aws-iot-core", (message) =>
      this.publish(message),
    );
    this.brokerLimits = effectiveLimits(config.profile, config.limits);
    this.connectRate = new ConnectRate(this.brokerLimits.connectsPerSecondPerClientId);
    this.shared = new SharedDispatcher({
      membersOf: (groupFilter) => this.sharedMembers(groupFilter),
      deliveryFor: (message, subscription) => this.deliveryFor(message, subscription, false),
      connectionOf: (session) => this.connectionOf(session),
    });
    const account = config.enhancedAuthentication;
    this.scram = account ? scramCredentials(account.username, account.password) : undefined;
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

  /** A message was dropped for one client (see BrokerStats.droppedMessages). */
  countDropped(): void {
    this.droppedMessages++;
  }

  /**
   * A new byte stream from a client: TCP, TLS or WebSocket; a verified client certificate names its
   * principal [TRN-03].
   */
  accept(stream: Duplex, peer: string, certificateName?: string): ClientConnection {
    const connection = new ClientConnection(stream, peer, this, certificateName);
    this.open.add(connection);
    return connection;
  }

  isConnected(clientId: string): boolean {
    return this.connected.has(clientId);
  }

  get connectedCount(): number {
    return this.connected.size;
  }

  /** [RC-15] ends one client's connection; false when it is not connected. */
  disconnect(clientId: string, cause: CloseCause, reasonCode: number, reason: string): boolean {
    const connection = this.connected.get(clientId);
    connection?.close(cause, reasonCode, reason);
    return connection !== undefined;
  }

  /** [MQTT5-4.12] a SCRAM exchange for a client-first message; undefined when there is none to run. */
  startScram(clientFirst: Buffer | undefined): ScramExchange | undefined {
    return this.scram ? ScramExchange.start(this.scram, clientFirst) : undefined;
  }

  /** [M5-13] a client identifier no current session uses. */
  assignClientId(): string {
    for (;;) {
      const candidate = `ref-${process.pid}-${Date.now().toString(36)}-${(this.assignedIds++).toString(36)}`;
      if (!this.connected.has(candidate) && !this.sessions.get(candidate, 5) && !this.sessions.get(candidate, 4))
        return candidate;
    }
  }

  /**
   * Gives an accepted CONNECT its session: an older connection with the client identifier is
   * closed, its Will published [DIF-02] [LWT-04]; a clean start ends any stored session
   * [SES-02] [SES-03] (and so publishes a delayed Will at once [MQTT5-3.1.2-8]); a delayed Will of
   * a resumed session is cancelled [LWT-11] [MQTT5-3.1.3-9].
   */
  openSession(connection: ClientConnection, accepted: AcceptedConnect): { session: Session; sessionPresent: boolean } {
    const { clientId } = accepted;
    this.connected
      .get(clientId)
      ?.close("session-taken-over", ReasonCode.SessionTakenOver, "another connection used this client identifier");
    let session = this.sessions.get(clientId, connection.protocolVersion);
    if (session && accepted.cleanStart) {
      this.endSession(session);
      session = undefined;
    }
    const sessionPresent = session !== undefined;
    if (session) {
      session.expiryIntervalSeconds = accepted.sessionExpiry.granted;
      this.expiry.cancel(session);
    } else {
      session = this.newSession(clientId, connection.protocolVersion, accepted.sessionExpiry.granted);
    }
    this.connected.set(clientId, connection);
    this.wills.cancel(clientId);
    return { session, sessionPresent };
  }

  private newSession(clientId: string, protocolVersion: ProtocolVersion, expiryIntervalSeconds: number): Session {
    const { maxQueuedMessages, maxQueuedBytes } = this.config.limits;
    const session = new Session({
      clientId,
      protocolVersion,
      expiryIntervalSeconds,
      queueLimits: { maxMessages: maxQueuedMessages, maxBytes: maxQueuedBytes },
    });
    this.sessions.put(session);
    return session;
  }

  /**
   * A connection has ended (its delivery channel already detached). A connected client's session
   * ends or starts expiring [SES-13], and its Will is published unless it disconnected normally
   * [LWT-03], after its delay, which never outlives the session [LWT-11].
   */
  connectionClosed(connection: ClientConnection, wasConnected: boolean, cause: CloseCause): void {
    this.open.delete(connection);
    if (!wasConnected) return;
    const { clientId, session, will } = connection;
    if (this.connected.get(clientId) === connection) this.connected.delete(clientId);
    if (!session.persistent) this.endSession(session);
    else
      this.expiry.set(session, session.expiryIntervalSeconds * 1000, `expiry of session ${clientId}`, () =>
        this.endSession(session),
      );
    if (!will || cause === "client-disconnect") return;
    const delaySeconds = session.persistent ? Math.min(will.delaySeconds, session.expiryIntervalSeconds) : 0;
    this.wills.schedule(clientId, { ...will, delaySeconds });
  }

  /** The connection a session is attached to, if its client is connected. */
  connectionOf(session: Session): ClientConnection | undefined {
    const connection = this.connected.get(session.clientId);
    return connection?.session === session ? connection : undefined;
  }

  /**
   * Routes a message to every matching subscription and returns how many sessions it reached.
   * A session gets one copy at the highest granted QoS among its matching non-shared
   * subscriptions [MQTT5-3.3.4-2], carrying all their Subscription Identifiers [MQTT5-3.3.4-4];
   * each shared group gets one copy [SHR-03] [SHR-10].
   */
  publish(message: Message, origin?: PublishOrigin): number {
    if (isExpired(message)) return 0;
    // [RET-10] a Will is routed even at the retained limit, but not stored
    const { maxRetainedMessages, retainAvailable } = this.config.limits;
    if (message.retain && retainAvailable === 1 && !retainedQuotaExceeded(this.retained, message, maxRetainedMessages))
      this.retained.set(message);
    // identifiers are gathered only for sessions that gave some: most fan-out carries none
    const best = new Map<Session, { subscription: Subscription; identifiers?: number[] }>();
    const groups = new Set<string>();
    this.subscriptions.match(message.topic, (session, subscription) => {
      if (subscription.shareName !== undefined) return void groups.add(subscription.filter);
      // [MQTT5-3.8.3-3] No Local: not back to the client that published it
      if (subscription.noLocal && origin?.clientId === session.clientId) return;
      const held = best.get(session);
      if (!held)
        best.set(session, {
          subscription,
          ...(subscription.identifier === undefined ? {} : { identifiers: [subscription.identifier] }),
        });
      else {
        if (held.subscription.qos < subscription.qos) held.subscription = subscription;
        if (subscription.identifier !== undefined) (held.identifiers ??= []).push(subscription.identifier);
      }
    });
    for (const [session, { subscription, identifiers }] of best)
      this.deliverTo(session, this.deliveryFor(message, subscription, false, identifiers ?? noIdentifiers));
    let reached = best.size;
    for (const groupFilter of groups) {
      if (this.shared.dispatch(groupFilter, message)) reached++;
    }
    // [MON-03] rules look at every message after it has been routed
    if (!origin?.rule) this.rules.consider(message);
    return reached;
  }

  /** To the client if it is connected; stored for an offline persistent session [SES-09]. */
  deliverTo(session: Session, delivery: Delivery): void {
    const connection = this.connectionOf(session);
    if (connection) connection.deliver(delivery);
    else if (session.persistent && delivery.qos > 0 && !session.store(delivery)) this.countDropped();
  }

  /** Adds or replaces a subscription of a session; true when the filter is new to it. */
  subscribe(session: Session, subscription: Subscription): boolean {
    const held = session.subscriptions.get(subscription.filter);
    if (held) this.subscriptions.remove(session, held);
    session.subscriptions.set(subscription.filter, subscription);
    this.subscriptions.add(session, subscription);
    return held === undefined;
  }

  /** Removes a subscription; false when the session had none with that filter. */
  unsubscribe(session: Session, filter: string): boolean {
    const held = session.subscriptions.get(filter);
    if (!held) return false;
    this.subscriptions.remove(session, held);
    session.subscriptions.delete(filter);
    return true;
  }

  /** Every session holding a subscription to a shared group, connected or not. */
  sharedMembers(groupFilter: string): SharedMember[] {
    return [...this.subscriptions.members(groupFilter)].map(([session, subscription]) => ({ session, subscription }));
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

  /**
   * The delivery one subscription gets: [MQTT5-3.8.4-8] at the lower of the published and granted
   * QoS, with the Subscription Identifiers of the subscriptions it serves [MQTT5-3.3.4-3] (by
   * default the subscription's own [MQTT5-3.3.4-5]).
   */
  deliveryFor(
    message: Message,
    subscription: Subscription,
    retained: boolean,
    identifiers?: readonly number[],
  ): Delivery {
    const qos = Math.min(message.qos, subscription.qos) as QoS;
    // [RET-04] RETAIN=1 only when the delivery is caused by the subscription itself
    const retain = retained || (subscription.retainAsPublished && message.retain);
    const subscriptionIdentifiers =
      identifiers ?? (subscription.identifier === undefined ? [] : [subscription.identifier]);
    return { message, qos, retain, ...(subscriptionIdentifiers.length > 0 ? { subscriptionIdentifiers } : {}) };
  }

  /**
   * Ends a session for good: stored messages are discarded [SES-16], and a Will still waiting out
   * its delay is published now [MQTT5-3.1.2-8].
   */
  endSession(session: Session): void {
    this.expiry.cancel(session);
    this.wills.publishNow(session.clientId);
    for (const subscription of session.subscriptions.values()) this.subscriptions.remove(session, subscription);
    session.clear();
    this.sessions.delete(session);
  }

  stats(): BrokerStats {
    let queuedMessages = 0;
    let largestOutboundBufferBytes = 0;
    for (const session of this.sessions.all()) queuedMessages += session.stored.length;
    for (const connection of this.connected.values()) queuedMessages += connection.waitingCount;
    for (const connection of this.open)
      largestOutboundBufferBytes = Math.max(largestOutboundBufferBytes, connection.outboundBuffered);
    return {
      connections: this.open.size,
      sessions: this.sessions.size,
      retainedMessages: this.retained.size,
      queuedMessages,
      droppedMessages: this.droppedMessages,
      largestOutboundBufferBytes,
      internalErrors: this.internalErrors,
    };
  }

  /**
   * [RC-15] every connection is closed (v5: DISCONNECT 0x8B), pending Wills and rule actions dropped, sessions ended.
   */
  shutdown(): void {
    for (const connection of [...this.open])
      connection.close("server-shutting-down", ReasonCode.ServerShuttingDown, "the broker is stopping");
    this.wills.clear();
    this.rules.stop();
    this.expiry.clear();
    for (const session of [...this.sessions.all()]) this.endSession(session);
  }
}
