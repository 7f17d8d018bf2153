// The raw-socket test client. It speaks bytes, so it can send any packet mqtt-packet can
// generate or any bytes at all, stay silent, withhold PUBACKs, drop the socket without
// DISCONNECT, and report exactly what the broker sent and when it closed the connection.
import type { Duplex } from "node:stream";
import {
  generate,
  parser as createParser,
  type IConnackPacket,
  type IConnectPacket,
  type IDisconnectPacket,
  type IPublishPacket,
  type Packet,
} from "mqtt-packet";
import {
  AnnouncedLimitsWatch,
  brokerAnnouncement,
  clientAnnouncement,
  clientRuleBroken,
  ClientRuleError,
  type Breach,
  type BrokerAnnouncement,
} from "./announced-limits.ts";
import { describePacket, hex } from "./describe.ts";
import { FormatWatch } from "./format-watch.ts";
import { ExpectationError } from "./expectation-error.ts";
import { FrameSplitter } from "./frames.ts";
import { PacketLog, type LogEntry } from "./packet-log.ts";
import { openTransport, type BrokerAddress, type Transport } from "./transport.ts";

export type { BrokerAddress } from "./transport.ts";

export type ProtocolVersion = 4 | 5;

export interface ClientOptions {
  /** Name used in logs and messages ("subscriber"). */
  name: string;
  protocolVersion: ProtocolVersion;
  /** Bound on opening the connection. */
  connectTimeoutMs?: number;
}

/** How and when the connection ended. */
export interface CloseInfo {
  at: number;
  by: "broker" | "client";
  /** The DISCONNECT the broker sent before closing, if any (MQTT 5). */
  disconnect?: IDisconnectPacket;
}

export interface ReceivedPacket {
  packet: Packet;
  bytes: Buffer;
  entry: LogEntry;
}

/** How a packet is sent: `breaking` names the client rule a step breaks on purpose. */
export interface SendOptions {
  breaking?: string;
  /** Writes the packet in this many pieces (over WebSocket, one frame each) [MQTT-6.0.0-2]. */
  pieces?: number;
}

/** CONNECT fields a step may set; the rest get sensible defaults. */
export type ConnectFields = Partial<Omit<IConnectPacket, "cmd">>;

export type PacketPredicate<P extends Packet = Packet> = (packet: Packet, raw: ReceivedPacket) => packet is P;

/** Default keep-alive: long, because the driver never pings on its own. */
const defaultKeepAliveSeconds = 60;

export class MqttTestClient {
  readonly log: PacketLog;
  readonly name: string;
  protocolVersion: ProtocolVersion;
  /** Answer every QoS 1 PUBLISH with PUBACK at once; false withholds them. */
  autoAcknowledge = true;
  /** Answer every QoS 2 PUBLISH with PUBREC and every PUBREL with PUBCOMP at once; false withholds them. */
  autoAnswerQos2 = true;
  /** The reason code of the automatic PUBACK and PUBREC (MQTT 5): 0x80 and above refuse the message. */
  acknowledgementCode = 0;
  /** Set when the connection ends. */
  closed: CloseInfo | undefined;
  /** True once the test itself asked for the connection to end (DISCONNECT or drop). */
  closeExpected = false;
  /** True once this client sent DISCONNECT: the close that follows is the client's doing. */
  private disconnecting = false;
  private readonly received: ReceivedPacket[] = [];
  private readonly claimed = new WeakSet<ReceivedPacket>();
  /** Frames from the broker that could not be decoded: a wait that times out names them. */
  private readonly undecodable: LogEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly splitter = new FrameSplitter();
  private nextId = 1;
  /** Topic aliases the broker set on this connection (MQTT 5): alias → topic. */
  private readonly inboundAliases = new Map<number, string>();
  /** What the client announced in CONNECT, watched on everything the broker sends (MQTT 5). */
  private watch: AnnouncedLimitsWatch | undefined;
  /** The format rules every packet from the broker keeps. */
  private readonly format: FormatWatch;
  /** What the broker announced in CONNACK (MQTT 5): the client keeps to it. */
  private brokerLimits: BrokerAnnouncement | undefined;
  /** QoS 1 PUBLISHes this client sent that the broker has not acknowledged yet. */
  private readonly inFlight = new Set<number>();

  private readonly socket: Duplex;

  private constructor(
    private readonly transport: Transport,
    options: ClientOptions,
  ) {
    this.socket = transport.stream;
    this.name = options.name;
    this.protocolVersion = options.protocolVersion;
    this.log = new PacketLog(options.name);
    this.format = new FormatWatch(options.protocolVersion);
    const socket = this.socket;
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", (error) => this.log.add({ direction: "event", note: `socket error: ${error.message}` }));
    socket.on("close", () => this.markClosed(this.disconnecting ? "client" : "broker"));
  }

  /** Opens the connection only (TCP, TLS or WebSocket); nothing is sent. */
  static async open(address: BrokerAddress, options: ClientOptions): Promise<MqttTestClient> {
    const transport = await openTransport(address, options.connectTimeoutMs ?? 5000);
    const client = new MqttTestClient(transport, options);
    client.log.add({
      direction: "event",
      note: `connected to ${address.transport ?? "tcp"} ${address.host}:${address.port}`,
    });
    return client;
  }

  /** A packet identifier not used by this client recently (1..65535). */
  allocatePacketId(): number {
    const id = this.nextId;
    this.nextId = id === 65535 ? 1 : id + 1;
    return id;
  }

  /**
   * Encodes a packet with mqtt-packet in this client's protocol version and sends it. The client
   * keeps to what the broker announced (packet size, Maximum QoS, Retain Available, topic aliases,
   * Receive Maximum) unless `breaking` names the rule the step breaks on purpose.
   */
  send(packet: Packet, options: SendOptions = {}): Buffer {
    const bytes = generate(packet, { protocolVersion: this.protocolVersion });
    if (this.brokerLimits && options.breaking === undefined) {
      const broken = clientRuleBroken(packet, bytes.length, this.brokerLimits, this.inFlight.size);
      if (broken) throw new ClientRuleError(`${this.name}: ${broken}`);
    }
    if (packet.cmd === "connect" && packet.protocolVersion === 5) {
      this.watch = new AnnouncedLimitsWatch(clientAnnouncement(packet));
      this.format.authenticating = packet.properties?.authenticationMethod !== undefined;
    }
    // [MQTT-3.3.4-9] a delivery stops counting against the client's Receive Maximum with its
    // PUBACK, PUBCOMP or a refusing PUBREC
    if (
      (packet.cmd === "puback" ||
        packet.cmd === "pubcomp" ||
        (packet.cmd === "pubrec" && (packet.reasonCode ?? 0) >= 0x80)) &&
      packet.messageId !== undefined
    ) {
      this.watch?.acknowledged(packet.messageId);
    }
    if (packet.cmd === "publish" && packet.qos > 0 && packet.messageId !== undefined)
      this.inFlight.add(packet.messageId);
    const note = options.breaking === undefined ? undefined : `deliberately breaking: ${options.breaking}`;
    if (options.pieces === undefined || options.pieces <= 1) this.write(bytes, packet, note);
    else this.writeInPieces(bytes, packet, options.pieces);
    return bytes;
  }

  /** One packet in several writes (WebSocket: several frames), none of them a whole packet. */
  private writeInPieces(bytes: Buffer, packet: Packet, pieces: number): void {
    const size = Math.ceil(bytes.length / pieces);
    this.log.add({ direction: "sent", packet, bytes, note: `in ${pieces} pieces of at most ${size} bytes` });
    for (let offset = 0; offset < bytes.length && !this.socket.destroyed; offset += size)
      this.socket.write(bytes.subarray(offset, offset + size));
  }

  /** Several packets in one write (WebSocket: one frame) [MQTT-6.0.0-2]. */
  sendTogether(packets: Packet[]): void {
    const all = packets.map((packet) => {
      const bytes = generate(packet, { protocolVersion: this.protocolVersion });
      if (packet.cmd === "publish" && packet.qos > 0 && packet.messageId !== undefined)
        this.inFlight.add(packet.messageId);
      this.log.add({ direction: "sent", packet, bytes, note: `one of ${packets.length} packets in one write` });
      return bytes;
    });
    if (!this.socket.destroyed) this.socket.write(Buffer.concat(all));
  }

  /** What the transport agreed on: TLS version, ALPN protocol, WebSocket subprotocol. */
  get agreed(): Transport["agreed"] {
    return this.transport.agreed;
  }

  /** The transport itself (for WebSocket frames of its own). */
  get connection(): Transport {
    return this.transport;
  }

  /** WebSocket goodbye: a Close frame and no DISCONNECT [TRN-05]; the close that follows is the client's. */
  async closeWithFrame(timeoutMs: number): Promise<void> {
    const closeFrame = this.transport.closeFrame;
    if (!closeFrame) throw new Error(`${this.name} is not connected over WebSocket: it has no Close frame to send`);
    this.closeExpected = true;
    this.disconnecting = true;
    this.log.add({ direction: "event", note: "WebSocket Close frame sent, no DISCONNECT" });
    closeFrame();
    await this.waitForClose(timeoutMs).catch(() => {
      this.log.add({ direction: "event", note: `the broker did not close ${timeoutMs} ms after the Close frame` });
      this.transport.abort();
      this.markClosed("client");
    });
  }

  /** Rules the broker broke towards this client: what it announced in CONNECT, and the packet format. */
  get breaches(): readonly Breach[] {
    return [...(this.watch?.breaches ?? []), ...this.format.breaches];
  }

  /** QoS 1 PUBLISHes this client sent that the broker has not acknowledged yet. */
  get unacknowledged(): number {
    return this.inFlight.size;
  }

  /** Whether another QoS 1 PUBLISH may go out now within the broker's Receive Maximum. */
  get mayPublishQos1(): boolean {
    return this.inFlight.size < (this.brokerLimits?.receiveMaximum ?? Infinity);
  }

  /** What the broker announced in its CONNACK (MQTT 5), once it arrived. */
  get announced(): BrokerAnnouncement | undefined {
    return this.brokerLimits;
  }

  /** Sends bytes as they are: for malformed packets mqtt-packet refuses to generate. */
  sendRaw(bytes: Buffer, note: string): void {
    // a CONNECT of another protocol level may be answered in that level's format: its codes are not MQTT 5's
    if (bytes[0] === 0x10) this.format.answeringLevel = protocolLevelOf(bytes);
    this.write(bytes, undefined, note);
  }

  private write(bytes: Buffer, packet?: Packet, note?: string): void {
    this.log.add({ direction: "sent", packet, bytes, note: packet ? note : `raw: ${note} (${hex(bytes)})` });
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Sends CONNECT and waits for CONNACK; fails with the log if the broker closes instead. */
  async connect(fields: ConnectFields, timeoutMs: number): Promise<IConnackPacket> {
    this.send({
      cmd: "connect",
      protocolId: "MQTT",
      protocolVersion: this.protocolVersion,
      clean: true,
      keepalive: defaultKeepAliveSeconds,
      clientId: "",
      ...fields,
    } as IConnectPacket);
    return this.waitFor("CONNACK", (packet): packet is IConnackPacket => packet.cmd === "connack", timeoutMs);
  }

  /** Answers a QoS 1 PUBLISH by hand (when autoAcknowledge is off). */
  acknowledge(packetId: number, reasonCode?: number): void {
    this.send({
      cmd: "puback",
      messageId: packetId,
      ...(this.protocolVersion === 5 ? { reasonCode: reasonCode ?? 0 } : {}),
    });
  }

  /** Answers a QoS 2 PUBLISH with PUBREC, or a PUBREL with PUBCOMP, by hand (when autoAnswerQos2 is off). */
  answerQos2(answer: "pubrec" | "pubcomp", packetId: number): void {
    const reasonCode = answer === "pubrec" ? this.acknowledgementCode : 0;
    this.send({ cmd: answer, messageId: packetId, ...(this.protocolVersion === 5 ? { reasonCode } : {}) });
  }

  /**
   * A PUBLISH that uses a topic alias gets its topic back [MQTT5-3.3.2-12]: a topic with an alias
   * maps it for this connection, an empty topic takes the mapped one. False when nothing is mapped.
   */
  private resolveAlias(publish: IPublishPacket): boolean {
    const alias = publish.properties?.topicAlias;
    if (alias === undefined) return true;
    if (publish.topic !== "") {
      this.inboundAliases.set(alias, publish.topic);
      return true;
    }
    const topic = this.inboundAliases.get(alias);
    if (topic === undefined) return false;
    publish.topic = topic;
    return true;
  }

  /** Every packet received so far, in arrival order. */
  get packets(): readonly ReceivedPacket[] {
    return this.received;
  }

  /** Received packets matching a predicate, without claiming them. */
  /** Claims every unclaimed packet that matches (a step has dealt with them), and returns them. */
  claimAll<P extends Packet>(predicate: PacketPredicate<P>): P[] {
    const raws = this.received.filter((raw) => !this.claimed.has(raw) && predicate(raw.packet, raw));
    for (const raw of raws) this.claimed.add(raw);
    return raws.map((raw) => raw.packet as P);
  }

  matching<P extends Packet>(predicate: PacketPredicate<P>): P[] {
    return this.received.filter((raw) => predicate(raw.packet, raw)).map((raw) => raw.packet as P);
  }

  /**
   * Waits until an unclaimed packet matches, and claims it so the next wait looks for another.
   * Packets that arrived before the call count: brokers do not order ACKs and deliveries [DIF-05].
   */
  waitFor<P extends Packet>(description: string, predicate: PacketPredicate<P>, timeoutMs: number): Promise<P> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(
        () =>
          finish(
            new ExpectationError(
              `${this.name}: expected ${description} within ${timeoutMs} ms${this.undecodableNote()}`,
              this.log,
            ),
          ),
        timeoutMs,
      );
      const check = (): void => {
        const found = this.received.find((raw) => !this.claimed.has(raw) && predicate(raw.packet, raw));
        if (found) {
          this.claimed.add(found);
          finish(undefined, found.packet as P);
        } else if (this.closed) {
          const how = this.closed.disconnect ? ` after ${describePacket(this.closed.disconnect)}` : "";
          finish(
            new ExpectationError(
              `${this.name}: expected ${description}, but the connection was closed by the ${this.closed.by}${how}`,
              this.log,
            ),
          );
        }
      };
      const finish = (error?: Error, packet?: P): void => {
        clearTimeout(deadline);
        this.listeners.delete(check);
        if (error) reject(error);
        else resolve(packet!);
      };
      this.listeners.add(check);
      check();
    });
  }

  /**
   * Asserts absence: waits the whole quiet period (the one fixed wait the suite allows), then
   * fails if any unclaimed packet matched, before or during it.
   */
  async expectNothing(
    description: string,
    predicate: (packet: Packet, raw: ReceivedPacket) => boolean,
    quietMs: number,
  ): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, quietMs)); // quiet period for an absence check
    const unexpected = this.received.filter((raw) => !this.claimed.has(raw) && predicate(raw.packet, raw));
    if (unexpected.length > 0) {
      const list = unexpected.map((raw) => this.log.formatEntry(raw.entry)).join("\n    ");
      throw new ExpectationError(
        `${this.name}: expected no ${description} within ${quietMs} ms, got:\n    ${list}`,
        this.log,
      );
    }
  }

  /** ", but received undecodable bytes …" when the broker sent a frame the wait could not have matched. */
  private undecodableNote(): string {
    const [first] = this.undecodable;
    return first ? `, but received undecodable bytes ${hex(first.bytes ?? Buffer.alloc(0))} (${first.note})` : "";
  }

  /** The broker is expected to close this connection: waits for it and says how it went. */
  expectClose(timeoutMs: number): Promise<CloseInfo> {
    this.closeExpected = true;
    return this.waitForClose(timeoutMs);
  }

  /** The broker may close this connection (the profile allows it), or keep it: both are fine. */
  allowClose(): void {
    this.closeExpected = true;
  }

  /** Waits until the broker closes the connection. */
  waitForClose(timeoutMs: number): Promise<CloseInfo> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new ExpectationError(
            `${this.name}: expected the broker to close the connection within ${timeoutMs} ms`,
            this.log,
          ),
        );
      }, timeoutMs);
      const check = (): void => {
        if (!this.closed) return;
        clearTimeout(deadline);
        this.listeners.delete(check);
        resolve(this.closed);
      };
      this.listeners.add(check);
      check();
    });
  }

  /**
   * Graceful end: DISCONNECT (with a reason code and properties in MQTT 5), then the client closes
   * its side. Resolves once the broker has closed its side as well, which it does only after
   * reading the DISCONNECT: a step that follows then meets a broker that knows the client is gone.
   * A broker that keeps its side open is waited for `timeoutMs`, then the socket is destroyed.
   */
  async disconnect(timeoutMs: number, reasonCode = 0, properties?: IDisconnectPacket["properties"]): Promise<void> {
    this.closeExpected = true;
    if (this.closed) return;
    this.send({ cmd: "disconnect", ...(this.protocolVersion === 5 ? { reasonCode, properties } : {}) });
    this.disconnecting = true;
    this.socket.end();
    await this.waitForClose(timeoutMs).catch(() => {
      this.log.add({ direction: "event", note: `the broker kept its side open ${timeoutMs} ms after DISCONNECT` });
      this.socket.destroy();
      this.markClosed("client");
    });
  }

  /** Abrupt end: the TCP connection is reset without DISCONNECT, as when a device loses power. */
  drop(): void {
    this.closeExpected = true;
    if (this.closed) return;
    this.log.add({ direction: "event", note: "socket dropped without DISCONNECT" });
    this.transport.abort();
    this.markClosed("client");
  }

  /** Releases the socket at the end of a scenario, whatever state it is in. */
  dispose(): void {
    this.closeExpected = true;
    if (!this.socket.destroyed) this.socket.destroy();
    this.markClosed("client");
  }

  private markClosed(by: CloseInfo["by"]): void {
    if (this.closed) return;
    const lastDisconnect = [...this.received].reverse().find((raw) => raw.packet.cmd === "disconnect");
    this.closed = { at: Date.now(), by, disconnect: lastDisconnect?.packet as IDisconnectPacket | undefined };
    this.log.add({ direction: "event", note: `connection closed by the ${by}` });
    this.notify();
  }

  private receive(chunk: Buffer): void {
    const { frames, garbage } = this.splitter.push(chunk);
    for (const frame of frames) this.decode(frame);
    if (garbage)
      this.undecodable.push(
        this.log.add({ direction: "received", bytes: garbage, note: "Remaining Length longer than four bytes" }),
      );
    this.notify();
  }

  private decode(frame: Buffer): void {
    const parser = createParser({ protocolVersion: this.protocolVersion });
    let decoded: Packet | undefined;
    let failure: Error | undefined;
    parser.on("packet", (packet: Packet) => (decoded = packet));
    parser.on("error", (error: Error) => (failure = error));
    parser.parse(frame);
    if (!decoded || failure) {
      this.undecodable.push(
        this.log.add({ direction: "received", bytes: frame, note: failure?.message ?? "could not be decoded" }),
      );
      return;
    }
    if (decoded.cmd === "publish" && !this.resolveAlias(decoded)) {
      const alias = decoded.properties?.topicAlias;
      this.undecodable.push(
        this.log.add({
          direction: "received",
          bytes: frame,
          note: `PUBLISH with an empty topic and topic alias ${alias} that the broker never mapped`,
        }),
      );
      return;
    }
    const entry = this.log.add({ direction: "received", packet: decoded, bytes: frame });
    this.received.push({ packet: decoded, bytes: frame, entry });
    this.watch?.received(decoded, frame.length);
    this.format.received(decoded, frame);
    if (decoded.cmd === "connack" && this.protocolVersion === 5) this.brokerLimits = brokerAnnouncement(decoded);
    if (
      (decoded.cmd === "puback" ||
        decoded.cmd === "pubcomp" ||
        (decoded.cmd === "pubrec" && (decoded.reasonCode ?? 0) >= 0x80)) &&
      decoded.messageId !== undefined
    ) {
      this.inFlight.delete(decoded.messageId);
    }
    if (decoded.cmd === "publish" && decoded.qos === 1 && this.autoAcknowledge && decoded.messageId !== undefined) {
      this.acknowledge(decoded.messageId, this.acknowledgementCode);
    }
    if (decoded.cmd === "publish" && decoded.qos === 2 && this.autoAnswerQos2 && decoded.messageId !== undefined)
      this.answerQos2("pubrec", decoded.messageId);
    if (decoded.cmd === "pubrel" && this.autoAnswerQos2 && decoded.messageId !== undefined)
      this.answerQos2("pubcomp", decoded.messageId);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * The Protocol Level byte of a CONNECT written as bytes (after the Remaining Length and the
 * protocol name), if there; -1 for a protocol name other than "MQTT", which a broker may answer
 * under another specification [MQTT5-3.1.2-1].
 */
function protocolLevelOf(connect: Buffer): number | undefined {
  let at = 1;
  while (at < 5 && at < connect.length && (connect[at] & 0x80) !== 0) at++;
  const nameLength = connect.length >= at + 3 ? connect.readUInt16BE(at + 1) : undefined;
  if (nameLength === undefined) return undefined;
  return connect.subarray(at + 3, at + 3 + nameLength).toString("latin1") === "MQTT"
    ? connect[at + 3 + nameLength]
    : -1;
}
