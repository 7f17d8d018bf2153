// One client's connection over any byte stream (a TCP socket today; a TLS socket or a WebSocket
// stream need nothing else): framing and decoding its bytes, handing each packet to its handler,
// its deadlines, sending, and how it ends. Every way in (stream events, timers, deliveries from
// other clients' messages) runs at the broker's edge guard, and a failure ends this connection only.
import type { Duplex } from "node:stream";
import { generate, type Packet } from "mqtt-packet";
import { unrestricted, type Permissions } from "../auth/credentials.ts";
import type { Broker } from "../broker.ts";
import { PacketDecoder, UnsupportedProtocolError, type ProtocolVersion } from "../codec/decoder.ts";
import { PacketFramer } from "../codec/framer.ts";
import type { Scheduler } from "../edge-guard.ts";
import { dispatch } from "../handlers/index.ts";
import { PendingAcknowledgements } from "../inbound/pending-acknowledgements.ts";
import { PublishRate } from "../inbound/publish-rate.ts";
import { announceClosed } from "../lifecycle/connection-events.ts";
import type { ConnectionIdentity } from "../lifecycle/lifecycle-events.ts";
import { ThroughputCap } from "../limits/throughput.ts";
import { ConnackReturnCode, ErrorWithReasonCode, ReasonCode, reasonCodeName } from "../reason-codes.ts";
import type { Delivery, Session } from "../sessions/session.ts";
import type { Will } from "../will.ts";
import type { AcceptedConnect, AuthenticationState, ClientLimits, CloseCause, Connection } from "./connection.ts";
import { Deadlines, type DeadlineMissed } from "./deadlines.ts";
import { DeliveryChannel, type ReceivedOutcome } from "./delivery.ts";
import { Outbound } from "./outbound.ts";
import { OutboundTopicAliases } from "./outbound-topic-aliases.ts";
import { publishBytes } from "./publish-bytes.ts";

type State = "awaiting-connect" | "connected" | "closed";

/** How long a closed connection may take to flush its last bytes before the stream is destroyed. */
const closeGraceMs = 1000;

/** What a missed deadline means for the connection. */
const missedDeadline: Record<DeadlineMissed, { cause: CloseCause; reasonCode: number; reason: string }> = {
  connect: { cause: "protocol-violation", reasonCode: ReasonCode.MalformedPacket, reason: "no CONNECT in time" },
  packet: {
    cause: "protocol-violation",
    reasonCode: ReasonCode.MalformedPacket,
    reason: "no complete packet in time",
  },
  "keep-alive": { cause: "keep-alive-timeout", reasonCode: ReasonCode.KeepAliveTimeout, reason: "keep-alive timeout" },
};

export class ClientConnection implements Connection {
  protocolVersion: ProtocolVersion = 4;
  state: State = "awaiting-connect";
  clientId = "";
  permissions: Permissions = unrestricted;
  readonly topicAliases = new Map<number, string>();
  readonly pendingAcknowledgements: PendingAcknowledgements;
  readonly publishRate: PublishRate;
  /** The Will in force, from CONNECT until the connection ends. */
  will: Will | undefined;
  lifecycleIdentity: ConnectionIdentity | undefined;
  authentication: AuthenticationState = {};
  private accepted:
    | { session: Session; limits: ClientLimits; delivery: DeliveryChannel; topicAliases: OutboundTopicAliases }
    | undefined;
  /**
   * [MQTT5-3.1.2-24] the Maximum Packet Size of the client's CONNECT, known as soon as it is read,
   * so that even a CONNACK refusing it keeps within it.
   */
  private clientMaximumPacketSize: number | undefined;
  private readonly framer: PacketFramer;
  private readonly decoder = new PacketDecoder();
  private readonly outbound: Outbound;
  private readonly deadlines: Deadlines;
  /** [LIM-05] bytes the client may send per second. */
  private readonly throughput: ThroughputCap;
  /** Why reading from the client is paused: its unread output, or its throughput. */
  private readonly inputPausedFor = new Set<"outbound" | "throughput">();
  /** Timers whose failures end this connection. */
  private readonly timers: Scheduler;

  constructor(
    private readonly stream: Duplex,
    /** Where the client connects from, for logs until it has a client identifier. */
    readonly peer: string,
    readonly broker: Broker,
    readonly certificateName: string | undefined = undefined,
  ) {
    const { limits } = broker.config;
    const guard = broker.guard;
    const fail = (error: unknown): void => this.fail(error);
    this.timers = {
      after: (delayMs, where, callback) => guard.after(delayMs, `${where} of ${this.label}`, callback, fail),
    };
    this.framer = new PacketFramer(limits.maximumPacketSize);
    this.outbound = new Outbound(
      stream,
      { maxBufferedBytes: limits.maxOutboundBufferBytes, stallTimeoutMs: limits.outboundStallTimeoutMs },
      this.timers,
      {
        onRoom: () => this.roomAgain(),
        // the client has not read for the whole timeout: nothing more can reach it, not even DISCONNECT
        onStalled: () => this.close("outbound-stalled"),
      },
    );
    this.pendingAcknowledgements = new PendingAcknowledgements(this.timers, broker.config.publishAcknowledgeDelayMs);
    this.publishRate = new PublishRate(broker.config.quotas.publishesPerSecond);
    this.deadlines = new Deadlines(this.timers, limits.connectTimeoutMs, (missed) => {
      const { cause, reasonCode, reason } = missedDeadline[missed];
      this.close(cause, reasonCode, reason);
    });
    this.throughput = new ThroughputCap(
      broker.brokerLimits.maxBytesPerSecondPerConnection,
      this.timers,
      (bytes) => this.receive(bytes),
      (paused) => this.pauseInput("throughput", paused),
      () => this.closed,
    );
    stream.on("data", (chunk: Buffer) =>
      guard.run(`data from ${this.label}`, () => this.throughput.received(chunk), fail),
    );
    stream.on("error", () => guard.run(`error on ${this.label}`, () => this.close("socket-closed")));
    stream.on("close", () => guard.run(`close of ${this.label}`, () => this.close("socket-closed")));
  }

  get closed(): boolean {
    return this.state === "closed";
  }

  get connected(): boolean {
    return this.state === "connected";
  }

  get label(): string {
    return this.clientId || this.peer;
  }

  get session(): Session {
    if (!this.accepted) throw new Error(`${this.label} has no session before CONNECT is accepted`);
    return this.accepted.session;
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    const frames = this.framer.push(chunk);
    this.deadlines.received(frames.length, this.framer.midPacket);
    for (const frame of frames) {
      const packet = this.decoder.decode(frame);
      this.protocolVersion = this.decoder.protocolVersion ?? this.protocolVersion;
      if (packet.cmd === "connect") this.clientMaximumPacketSize = packet.properties?.maximumPacketSize;
      dispatch(this, packet);
      if (this.closed) return;
    }
    // a client that does not read what we send may not make us answer more: its input waits
    if (!this.outbound.hasRoom) this.pauseInput("outbound", true);
  }

  /** Input stays paused while any reason holds it. */
  private pauseInput(reason: "outbound" | "throughput", paused: boolean): void {
    if (this.closed) return;
    const wasPaused = this.inputPausedFor.size > 0;
    if (paused) this.inputPausedFor.add(reason);
    else this.inputPausedFor.delete(reason);
    const isPaused = this.inputPausedFor.size > 0;
    if (isPaused === wasPaused) return;
    if (isPaused) this.stream.pause();
    else this.stream.resume();
    this.deadlines.inputPaused(isPaused);
  }

  private roomAgain(): void {
    if (this.closed) return;
    this.pauseInput("outbound", false);
    this.accepted?.delivery.roomAgain();
  }

  /** Bytes sent and not yet taken by the client. */
  get outboundBuffered(): number {
    return this.outbound.buffered;
  }

  /**
   * Ends the connection for a failure, telling a v5 client why [RC-11]: a protocol failure with
   * its reason code, anything else (a bug of ours) as 0x80 without its internals.
   */
  private fail(error: unknown): void {
    if (this.closed) return;
    if (this.state === "awaiting-connect") return this.refuseConnect(error);
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
    else if (error instanceof UnsupportedProtocolError)
      this.write(
        { cmd: "connack", sessionPresent: false, returnCode: ConnackReturnCode.UnacceptableProtocolVersion },
        4,
      );
    this.close("connect-refused");
  }

  send(packet: Packet): void {
    this.write(packet, this.protocolVersion);
  }

  private write(packet: Packet, protocolVersion: ProtocolVersion): void {
    const bytes = generate(packet, { protocolVersion });
    const maximum = this.clientMaximumPacketSize;
    this.outbound.write(
      maximum !== undefined && bytes.length > maximum ? withoutProblemInformation(packet, protocolVersion) : bytes,
    );
  }

  reasonString(text: string): { reasonString?: string } {
    return this.protocolVersion === 5 && (this.accepted?.limits.problemInformation ?? true)
      ? { reasonString: text }
      : {};
  }

  accept(accepted: AcceptedConnect): { sessionPresent: boolean } {
    if (this.state !== "awaiting-connect") throw new Error(`${this.label}: CONNECT accepted twice`);
    const { session, sessionPresent } = this.broker.openSession(this, accepted);
    this.state = "connected";
    this.clientId = accepted.clientId;
    this.permissions = accepted.permissions;
    this.will = accepted.will;
    const outbound = this.outbound;
    const writer = {
      writePublish: (delivery: Delivery, packetId: number | undefined, duplicate: boolean) =>
        this.writePublish(delivery, packetId, duplicate),
      writeRelease: (packetId: number) => this.send({ cmd: "pubrel", messageId: packetId }),
      get hasRoom() {
        return outbound.hasRoom;
      },
    };
    const { limits, profile } = this.broker.config;
    const deliveryLimits = {
      receiveMaximum: Math.min(accepted.limits.receiveMaximum, limits.maxInflightMessages),
      replayPerSecond: limits.queuedReplayPerSecond,
      markRedeliveries: profile === "oasis",
      oversizedToAnotherMember: profile === "aws-iot-core",
    };
    const delivery = new DeliveryChannel(session, writer, deliveryLimits, this.timers, () =>
      this.broker.countDropped(),
    );
    // [MQTT5-3.1.2-26] [MQTT5-3.1.2-27] aliases only up to the client's Topic Alias Maximum (none without one)
    const topicAliases = new OutboundTopicAliases(
      Math.min(accepted.limits.topicAliasMaximum, limits.topicAliasMaximum),
    );
    this.accepted = { session, limits: accepted.limits, delivery, topicAliases };
    this.deadlines.connected(accepted.keepAlive.seconds);
    return { sessionPresent };
  }

  /** QoS 1 messages waiting for room under the client's Receive Maximum. */
  get waitingCount(): number {
    return this.accepted?.delivery.waitingCount ?? 0;
  }

  resumeDelivery(): void {
    this.accepted?.delivery.resume();
  }

  acknowledged(packetId: number): void {
    this.accepted?.delivery.acknowledged(packetId);
  }

  deliveryReceived(packetId: number, reasonCode: number): ReceivedOutcome {
    return this.accepted?.delivery.received(packetId, reasonCode) ?? "unknown";
  }

  deliveryCompleted(packetId: number): void {
    this.accepted?.delivery.completed(packetId);
  }

  /** A message routed to this client: an edge, so that a failure here ends this connection and not the sender's. */
  deliver(delivery: Delivery): void {
    this.broker.guard.run(
      `delivery to ${this.label}`,
      () => this.accepted?.delivery.deliver(delivery),
      (error) => this.fail(error),
    );
  }

  private writePublish(delivery: Delivery, packetId: number | undefined, duplicate: boolean): boolean {
    const topicAliases = this.protocolVersion === 5 ? this.accepted?.topicAliases : undefined;
    const topicAlias = topicAliases?.use(delivery.message.topic);
    // [M5-12] user properties in the order sent
    const bytes = publishBytes(delivery, { protocolVersion: this.protocolVersion, packetId, duplicate, topicAlias });
    // [M5-10] [MQTT5-3.1.2-24] never send a client more than its Maximum Packet Size: the message is dropped for it
    const maximumPacketSize = this.clientMaximumPacketSize;
    if (maximumPacketSize !== undefined && bytes.length > maximumPacketSize) return false;
    if (topicAlias) topicAliases?.sent(delivery.message.topic, topicAlias);
    this.outbound.write(bytes);
    return true;
  }

  /** Sends what is left, then releases the stream; a client that never reads it is not waited for long. */
  private endStream(): void {
    const stream = this.stream;
    const cancelGrace = this.broker.guard.after(closeGraceMs, `closing ${this.label}`, () => stream.destroy());
    stream.once("finish", () => {
      cancelGrace();
      stream.destroy();
    });
    stream.end();
  }

  /**
   * Ends the connection. A v5 client is told why with DISCONNECT when a reason code is given
   * [M5-08]; the broker then detaches the session and publishes the Will as the cause requires.
   */
  close(cause: CloseCause, reasonCode?: number, reason?: string): void {
    if (this.closed) return;
    const wasConnected = this.state === "connected";
    this.state = "closed";
    this.deadlines.stop();
    this.outbound.stop();
    this.pendingAcknowledgements.clear();
    if (reasonCode !== undefined && this.protocolVersion === 5 && wasConnected) {
      this.send({ cmd: "disconnect", reasonCode, properties: reason ? this.reasonString(reason) : undefined });
    }
    this.broker.log(
      `${this.label}: closed (${cause}${reasonCode === undefined ? "" : `, ${reasonCodeName(reasonCode)}`})`,
    );
    this.endStream();
    this.accepted?.delivery.detach();
    announceClosed(this, cause, reasonCode); // [EVT-02] [EVT-03]
    this.broker.connectionClosed(this, wasConnected, cause);
  }
}

/**
 * [MQTT5-3.2.2-19] [MQTT5-3.2.2-20] [MQTT5-3.4.2-2] [MQTT5-3.14.2-3] (and the same rule for every
 * acknowledgement and AUTH) a packet that would exceed the client's Maximum Packet Size goes
 * without its Reason String and User Properties.
 */
function withoutProblemInformation(packet: Packet, protocolVersion: ProtocolVersion): Buffer {
  if (!("properties" in packet) || !packet.properties) return generate(packet, { protocolVersion });
  const {
    reasonString: _reasonString,
    userProperties: _userProperties,
    ...properties
  } = packet.properties as Record<string, unknown>;
  return generate({ ...packet, properties } as Packet, { protocolVersion });
}
