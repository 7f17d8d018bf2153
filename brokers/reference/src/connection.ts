// One client's TCP connection: framing and decoding its bytes, dispatching each packet to its
// handler, keep-alive, sending, and how the connection ends (and whether its Will fires).
import type { Socket } from "node:net";
import { generate, type IConnectPacket, type IPublishPacket, type Packet } from "mqtt-packet";
import { unrestricted, type Permissions } from "./auth/credentials.ts";
import type { Broker } from "./broker.ts";
import { PacketDecoder, UnsupportedProtocolError, type ProtocolVersion } from "./codec/decoder.ts";
import { PacketFramer } from "./codec/framer.ts";
import { dispatch } from "./handlers/index.ts";
import { PendingAcknowledgements } from "./inbound/pending-acknowledgements.ts";
import { PublishRate } from "./inbound/publish-rate.ts";
import { remainingExpirySeconds } from "./message.ts";
import { encodePublish } from "./properties/user-property-order.ts";
import { ConnackReturnCode, ErrorWithReasonCode, ReasonCode, reasonCodeName } from "./reason-codes.ts";
import type { Delivery, Session, SessionLink } from "./sessions/session.ts";
import type { Will } from "./will.ts";

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
  | "connect-refused";

type State = "awaiting-connect" | "connected" | "closed";

const defaultClientReceiveMaximum = 65535;

export class ClientConnection implements SessionLink {
  protocolVersion: ProtocolVersion = 4;
  state: State = "awaiting-connect";
  clientId = "";
  session: Session | undefined;
  will: Will | undefined;
  /** Keep-alive in force, seconds; 0 disables the check. */
  keepAliveSeconds = 0;
  /** [M5-16] the client's Receive Maximum: QoS 1 PUBLISHes we may have unacknowledged. */
  receiveMaximum = defaultClientReceiveMaximum;
  /** [M5-10] the largest packet the client accepts; undefined: no limit. */
  clientMaximumPacketSize: number | undefined;
  /** [M5-15] whether reason strings may be sent on failures. */
  problemInformation = true;
  /** [M5-02] inbound topic aliases. */
  readonly topicAliases = new Map<number, string>();
  /** [RC-09] [RC-16] what the client's account may publish and subscribe to. */
  permissions: Permissions = unrestricted;
  /** [RC-10] [M5-16] the client's QoS 1 PUBLISHes not yet acknowledged. */
  readonly pendingAcknowledgements: PendingAcknowledgements;
  /** [RC-09] the per-connection publish quota. */
  readonly publishRate: PublishRate;
  private readonly framer: PacketFramer;
  private readonly decoder = new PacketDecoder();
  private lastActivity = Date.now();
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly socket: Socket,
    readonly broker: Broker,
  ) {
    this.framer = new PacketFramer(broker.config.limits.maximumPacketSize);
    this.pendingAcknowledgements = new PendingAcknowledgements(broker.config.publishAcknowledgeDelayMs, broker.config.limits.receiveMaximum);
    this.publishRate = new PublishRate(broker.config.quotas.publishesPerSecond);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", () => this.close("socket-closed"));
    socket.on("close", () => this.close("socket-closed"));
    // [BAD-10] a connection that never sends CONNECT is closed after a bounded time
    this.armStallTimer();
  }

  get closed(): boolean {
    return this.state === "closed";
  }

  get label(): string {
    return this.clientId || `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  private receive(chunk: Buffer): void {
    if (this.state === "closed") return;
    this.lastActivity = Date.now();
    try {
      for (const frame of this.framer.push(chunk)) {
        const packet = this.decoder.decode(frame);
        dispatch(this, packet);
        if (this.closed) return;
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    this.armStallTimer();
  }

  /**
   * Ends the connection for a failure, telling a v5 client why [RC-11]: a protocol failure with
   * its reason code, anything else (a bug of ours) as 0x80 without its internals.
   */
  fail(error: unknown): void {
    if (this.state === "awaiting-connect") {
      this.refuseConnect(error);
      return;
    }
    if (!(error instanceof ErrorWithReasonCode)) {
      this.broker.reportInternalError(this.label, error);
      this.close("protocol-violation", ReasonCode.UnspecifiedError, "internal error");
      return;
    }
    this.broker.log(`${this.label}: ${error.message}`);
    this.close("protocol-violation", error.reasonCode, error.message);
  }

  /**
   * A CONNECT that fails before it is accepted: refused with CONNACK in the version it asked for
   * when that is known [BAD-02] [MQTT-4.13.1-1]; MQTT 3.1.1 has no code for a malformed CONNECT.
   */
  private refuseConnect(error: unknown): void {
    if (!(error instanceof ErrorWithReasonCode)) this.broker.reportInternalError(this.label, error);
    else this.broker.log(`${this.label}: CONNECT refused: ${error.message}`);
    const level = error instanceof UnsupportedProtocolError ? error.protocolLevel : this.decoder.connectLevel;
    const reasonCode = error instanceof ErrorWithReasonCode ? error.reasonCode : ReasonCode.UnspecifiedError;
    if (level === 5) this.write({ cmd: "connack", sessionPresent: false, reasonCode }, 5);
    else if (error instanceof UnsupportedProtocolError) this.write({ cmd: "connack", sessionPresent: false, returnCode: ConnackReturnCode.UnacceptableProtocolVersion }, 4);
    this.close("connect-refused");
  }

  /** Starts keep-alive enforcement: 1.5 × keep-alive without a packet ends the connection [LWT-06]. */
  startKeepAlive(seconds: number): void {
    this.keepAliveSeconds = seconds;
    if (seconds <= 0) return;
    const limitMs = seconds * 1500;
    const check = (): void => {
      const idleMs = Date.now() - this.lastActivity;
      if (idleMs >= limitMs) this.close("keep-alive-timeout", ReasonCode.KeepAliveTimeout);
      else this.keepAliveTimer = setTimeout(check, limitMs - idleMs);
    };
    this.keepAliveTimer = setTimeout(check, limitMs);
  }

  /** While CONNECT is awaited, or a packet is half received, a silent client is closed [BAD-10]. */
  private armStallTimer(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    if (this.state === "closed") return;
    if (this.state === "connected" && !this.framer.midPacket) return;
    this.stallTimer = setTimeout(
      () => this.close("protocol-violation", ReasonCode.MalformedPacket, "no complete packet in time"),
      this.broker.config.limits.connectTimeoutMs,
    );
  }

  /** Encodes and writes a packet in the connection's protocol version. */
  write(packet: Packet, protocolVersion: ProtocolVersion = this.protocolVersion): Buffer | undefined {
    if (this.socket.destroyed) return undefined;
    const bytes = generate(packet, { protocolVersion });
    this.socket.write(bytes);
    return bytes;
  }

  /** Adds a reason string unless the client asked for no problem information [M5-15]. */
  reasonString(text: string): { reasonString?: string } {
    return this.protocolVersion === 5 && this.problemInformation ? { reasonString: text } : {};
  }

  sendPublish(delivery: Delivery, packetId: number | undefined, duplicate: boolean): boolean {
    const { message, qos, retain } = delivery;
    const properties = this.protocolVersion === 5 ? { ...message.properties } : undefined;
    const remaining = remainingExpirySeconds(message);
    if (properties && remaining !== undefined) properties.messageExpiryInterval = remaining; // [M5-05]
    const packet: IPublishPacket = {
      cmd: "publish",
      topic: message.topic,
      payload: message.payload,
      qos,
      retain,
      dup: duplicate && qos > 0,
      ...(packetId === undefined ? {} : { messageId: packetId }),
      ...(properties && Object.keys(properties).length > 0 ? { properties } : {}),
    };
    const bytes = encodePublish(packet, this.protocolVersion); // [M5-12] user properties in the order sent
    // [M5-10] never send a client more than its Maximum Packet Size: the message is dropped for it
    if (this.clientMaximumPacketSize !== undefined && bytes.length > this.clientMaximumPacketSize) return false;
    if (this.socket.destroyed) return false;
    this.socket.write(bytes);
    return true;
  }

  /** Remembers what CONNECT asked for that outlives the handler. */
  acceptConnect(packet: IConnectPacket, clientId: string): void {
    this.state = "connected";
    this.clientId = clientId;
    this.receiveMaximum = packet.properties?.receiveMaximum ?? defaultClientReceiveMaximum;
    this.clientMaximumPacketSize = packet.properties?.maximumPacketSize;
    this.problemInformation = packet.properties?.requestProblemInformation ?? true;
    this.armStallTimer();
  }

  /**
   * Ends the connection. A v5 client is told why with DISCONNECT when a reason code is given
   * [M5-08]; the Will is published unless the client disconnected normally [LWT-03].
   */
  close(cause: CloseCause, reasonCode?: number, reason?: string): void {
    if (this.state === "closed") return;
    const wasConnected = this.state === "connected";
    this.state = "closed";
    if (this.keepAliveTimer) clearTimeout(this.keepAliveTimer);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.pendingAcknowledgements.clear();
    if (reasonCode !== undefined && this.protocolVersion === 5 && wasConnected && !this.socket.destroyed) {
      this.write({ cmd: "disconnect", reasonCode, properties: reason ? this.reasonString(reason) : undefined });
    }
    this.broker.log(`${this.label}: closed (${cause}${reasonCode === undefined ? "" : `, ${reasonCodeName(reasonCode)}`})`);
    this.socket.end();
    this.socket.destroySoon();
    this.broker.sockets.delete(this);
    if (wasConnected) this.leave(cause);
  }

  /** Detaches the session and fires the Will as the cause requires. */
  private leave(cause: CloseCause): void {
    const broker = this.broker;
    if (broker.connections.get(this.clientId) === this) broker.connections.delete(this.clientId);
    const session = this.session;
    if (session) {
      session.detach();
      if (!session.persistent) broker.endSession(session);
      else session.startExpiry(() => this.expireSession(session));
    }
    const will = this.will;
    this.will = undefined;
    if (!will || cause === "client-disconnect") return;
    // [LWT-11] a delayed will never outlives the session it belongs to
    const delaySeconds = session?.persistent ? Math.min(will.delaySeconds, session.expiryIntervalSeconds) : 0;
    broker.wills.schedule(this.clientId, { ...will, delaySeconds });
  }

  private expireSession(session: Session): void {
    if (!session.connected) this.broker.endSession(session);
  }
}
