// AWS IoT Core's lifecycle events [EVT-01..08]: the broker tells subscribers of `$aws/events/...`
// when a client connects, disconnects (and why), subscribes, unsubscribes, or is refused. Each
// event is a JSON message published at QoS 1 like any other, so filters starting with a wildcard
// never see it [EVT-08] [DIF-07]. A client identifier holding `+` or `#` gets none [EVT-07].
import { randomUUID } from "node:crypto";
import type { CloseCause } from "../connection/connection.ts";
import type { Message } from "../message.ts";
import { connectionRateExceeded } from "../limits/connect-rate.ts";
import { ReasonCode } from "../reason-codes.ts";

/** [EVT-03] why a connection ended, in AWS's words. */
export type DisconnectReason =
  | "CLIENT_INITIATED_DISCONNECT"
  | "CONNECTION_LOST"
  | "MQTT_KEEP_ALIVE_TIMEOUT"
  | "DUPLICATE_CLIENTID"
  | "CLIENT_ERROR"
  | "SERVER_INITIATED_DISCONNECT"
  | "THROTTLED";

/** [EVT-06] why a CONNECT was refused, in AWS's words. */
export type ConnectFailure = "AUTHENTICATION_FAILURE" | "AUTHORIZATION_FAILURE" | "THROTTLED";

/** What the events of one connection share. */
export interface ConnectionIdentity {
  clientId: string;
  sessionIdentifier: string;
  principalIdentifier: string;
  ipAddress: string;
  versionNumber: number;
}

/** Reason codes a connection is closed with for going over a rate or quota: THROTTLED, not CLIENT_ERROR. */
const throttlingCodes = new Set<number>([ReasonCode.QuotaExceeded, 0x96 /* Message rate too high */]);

export function disconnectReasonOf(cause: CloseCause, reasonCode: number | undefined): DisconnectReason {
  switch (cause) {
    case "client-disconnect":
    case "client-disconnect-with-will":
      return "CLIENT_INITIATED_DISCONNECT";
    case "keep-alive-timeout":
      return "MQTT_KEEP_ALIVE_TIMEOUT";
    case "session-taken-over":
      return "DUPLICATE_CLIENTID";
    case "server-shutting-down":
    case "administrative-action":
      return "SERVER_INITIATED_DISCONNECT";
    case "protocol-violation":
      return reasonCode !== undefined && throttlingCodes.has(reasonCode) ? "THROTTLED" : "CLIENT_ERROR";
    default:
      return "CONNECTION_LOST";
  }
}

/** [EVT-06] the failure type of a refused CONNECT, or undefined for refusals AWS reports no event for. */
export function connectFailureOf(reasonCode: number): ConnectFailure | undefined {
  if (reasonCode === ReasonCode.BadUserNameOrPassword) return "AUTHENTICATION_FAILURE";
  if (reasonCode === ReasonCode.NotAuthorized) return "AUTHORIZATION_FAILURE";
  if (reasonCode === connectionRateExceeded || reasonCode === ReasonCode.QuotaExceeded) return "THROTTLED";
  return undefined;
}

/** [EVT-07] identifiers that would put a wildcard into an event topic get no events. */
function hasEvents(clientId: string): boolean {
  return clientId !== "" && !/[+#]/.test(clientId);
}

export class LifecycleEvents {
  /** [EVT-04] grows with every connection; a client's events are ordered by it. */
  private lastVersion = 0;

  constructor(
    private readonly enabled: boolean,
    private readonly publish: (message: Message) => void,
  ) {}

  /** The identity a new accepted connection's events carry. */
  identify(clientId: string, principalIdentifier: string, ipAddress: string): ConnectionIdentity {
    // epoch milliseconds keep the number growing across broker restarts as well
    this.lastVersion = Math.max(this.lastVersion + 1, Date.now());
    return {
      clientId,
      sessionIdentifier: randomUUID(),
      principalIdentifier,
      ipAddress,
      versionNumber: this.lastVersion,
    };
  }

  /** [EVT-01] */
  connected(identity: ConnectionIdentity): void {
    const { clientId, sessionIdentifier, principalIdentifier, ipAddress, versionNumber } = identity;
    this.emit(`$aws/events/presence/connected/${clientId}`, clientId, {
      eventType: "connected",
      sessionIdentifier,
      principalIdentifier,
      ipAddress,
      versionNumber,
    });
  }

  /** [EVT-02] [EVT-03] */
  disconnected(identity: ConnectionIdentity, reason: DisconnectReason): void {
    const { clientId, sessionIdentifier, principalIdentifier, versionNumber } = identity;
    this.emit(`$aws/events/presence/disconnected/${clientId}`, clientId, {
      eventType: "disconnected",
      clientInitiatedDisconnect: reason === "CLIENT_INITIATED_DISCONNECT",
      sessionIdentifier,
      principalIdentifier,
      disconnectReason: reason,
      versionNumber,
    });
  }

  /** [EVT-05] */
  subscriptionsChanged(
    identity: ConnectionIdentity,
    eventType: "subscribed" | "unsubscribed",
    topics: readonly string[],
  ): void {
    if (topics.length === 0) return;
    const { clientId, sessionIdentifier, principalIdentifier } = identity;
    this.emit(`$aws/events/subscriptions/${eventType}/${clientId}`, clientId, {
      eventType,
      sessionIdentifier,
      principalIdentifier,
      topics: [...topics],
    });
  }

  /** [EVT-06] */
  connectFailed(clientId: string, failureType: ConnectFailure, principalIdentifier: string, ipAddress: string): void {
    this.emit(`$aws/events/presence/connect_failed/${clientId}`, clientId, {
      eventType: "connect_failed",
      failureType,
      principalIdentifier,
      ipAddress,
    });
  }

  private emit(topic: string, clientId: string, fields: Record<string, unknown>): void {
    if (!this.enabled || !hasEvents(clientId)) return;
    const payload = Buffer.from(JSON.stringify({ clientId, timestamp: Date.now(), ...fields }));
    this.publish({ topic, payload, qos: 1, retain: false, properties: { contentType: "application/json" } });
  }
}
