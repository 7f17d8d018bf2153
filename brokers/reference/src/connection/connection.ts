// What a packet handler may do with the connection its packet came on: the narrow contract the
// handlers are written against, whatever carries the bytes (ClientConnection over a TCP socket
// today, over TLS or WebSocket streams as well). Everything CONNECT decides about a connection
// arrives in one record, `AcceptedConnect`, applied once.
import type { Packet } from "mqtt-packet";
import type { Permissions } from "../auth/credentials.ts";
import type { Broker } from "../broker.ts";
import type { ProtocolVersion } from "../codec/decoder.ts";
import type { PendingAcknowledgements } from "../inbound/pending-acknowledgements.ts";
import type { PublishRate } from "../inbound/publish-rate.ts";
import type { ConnectionIdentity } from "../lifecycle/lifecycle-events.ts";
import type { ScramExchange } from "../auth/scram.ts";
import type { ReceivedOutcome } from "./delivery.ts";
import type { Session } from "../sessions/session.ts";
import type { Will } from "../will.ts";

/** Why a connection ended; everything but a normal client DISCONNECT publishes the Will. */
export type CloseCause =
  | "client-disconnect"
  | "client-disconnect-with-will"
  | "socket-closed"
  | "keep-alive-timeout"
  | "protocol-violation"
  | "session-taken-over"
  | "server-shutting-down"
  | "administrative-action"
  | "connect-refused"
  | "outbound-stalled";

/** What the client's CONNECT asked of the broker, as the broker grants it. */
export interface ClientLimits {
  /** [M5-16] QoS 1 PUBLISHes we may have unacknowledged towards the client. */
  receiveMaximum: number;
  /** [M5-10] the largest packet the client accepts; undefined: no limit. */
  maximumPacketSize: number | undefined;
  /** [MQTT5-3.1.2-26] the highest topic alias the client accepts from the broker; 0: none. */
  topicAliasMaximum: number;
  /** [M5-15] whether reason strings may be sent on failures. */
  problemInformation: boolean;
}

/** The outcome of a CONNECT the broker accepts, produced by the CONNECT phases. */
export interface AcceptedConnect {
  clientId: string;
  /** [M5-13] the broker chose the identifier: CONNACK says which. */
  assignedClientId: boolean;
  /** [SES-02] [SES-03] a clean start ends any stored session. */
  cleanStart: boolean;
  /** Session Expiry Interval asked for, and granted [SES-14] [SES-18]. */
  sessionExpiry: { requested: number; granted: number };
  /** Keep-alive in force, seconds (0: none); `announce`: CONNACK carries it as Server Keep Alive [M5-14]. */
  keepAlive: { seconds: number; announce: boolean };
  limits: ClientLimits;
  will: Will | undefined;
  permissions: Permissions;
  /** The user name of the CONNECT, if any: the principal lifecycle events name without a certificate [EVT-01]. */
  username?: string;
  /** [MQTT5-4.12] the enhanced authentication method of the CONNECT, whose exchange must succeed before CONNACK. */
  authenticationMethod?: string;
}

/** [MQTT5-4.12] where a connection is in enhanced authentication. */
export interface AuthenticationState {
  /** The method the connection authenticates with; re-authentication must use it [MQTT5-4.12.1-1]. */
  method?: string;
  /** The exchange in progress: after the broker's AUTH 0x18, awaiting the client's. */
  exchange?: ScramExchange;
  /** The CONNECT waiting for its exchange to end; none once connected (re-authentication). */
  connect?: AcceptedConnect;
}

export interface Connection {
  readonly broker: Broker;
  readonly protocolVersion: ProtocolVersion;
  /** Whether CONNECT was accepted (CONNACK 0x00 sent): packets other than AUTH may come only then. */
  readonly connected: boolean;
  /** The client identifier, once CONNECT is accepted. */
  readonly clientId: string;
  /** Client identifier, or address while CONNECT is awaited, for logs. */
  readonly label: string;
  /** Where the client connects from (address:port). */
  readonly peer: string;
  /** [TRN-03] the common name of the client certificate the TLS handshake verified, if any. */
  readonly certificateName: string | undefined;
  /** [EVT-01..05] what this connection's lifecycle events carry, once CONNECT is accepted. */
  lifecycleIdentity: ConnectionIdentity | undefined;
  /** The session, once CONNECT is accepted. */
  readonly session: Session;
  /** [RC-09] [RC-16] what the client's account may publish and subscribe to. */
  readonly permissions: Permissions;
  /** [M5-02] topic aliases the client has set. */
  readonly topicAliases: Map<number, string>;
  /** [RC-10] [M5-16] the client's QoS 1 PUBLISHes not yet acknowledged. */
  readonly pendingAcknowledgements: PendingAcknowledgements;
  /** [RC-09] the per-connection publish quota. */
  readonly publishRate: PublishRate;
  /** [MQTT5-4.12] the enhanced authentication exchange, set and cleared by the CONNECT and AUTH handlers. */
  authentication: AuthenticationState;
  /** Sends a packet the handler answers with, in the connection's protocol version. */
  send(packet: Packet): void;
  /** Adds a reason string unless the client asked for no problem information [M5-15]. */
  reasonString(text: string): { reasonString?: string };
  /**
   * Applies an accepted CONNECT, once, before CONNACK: an older connection of the client is
   * taken over and the session created or resumed.
   */
  accept(accepted: AcceptedConnect): { sessionPresent: boolean };
  /** After CONNACK: resends what is in flight and replays what is stored [SES-07]. */
  resumeDelivery(): void;
  /** [QOS-09] the client acknowledged a QoS 1 PUBLISH. */
  acknowledged(packetId: number): void;
  /** [MQTT5-4.3.3-4] the client's PUBREC for a QoS 2 delivery: whether a PUBREL is owed. */
  deliveryReceived(packetId: number, reasonCode: number): ReceivedOutcome;
  /** [MQTT5-4.3.3-5] the client's PUBCOMP ends a QoS 2 delivery. */
  deliveryCompleted(packetId: number): void;
  /** Ends the connection; a v5 client is told why when a reason code is given [M5-08]. */
  close(cause: CloseCause, reasonCode?: number, reason?: string): void;
}
