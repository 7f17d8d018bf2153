// A lean MQTT connection for load and fuzz runs (and the reference broker's own tests): it sends
// packets or raw bytes, decodes what the broker sends with mqtt-packet, can stop reading its socket
// (a client that never reads), and reports when and how the broker ended the connection. Unlike
// the suite's driver it keeps no log, so it stays cheap at tens of thousands of packets a second.
import { connect as connectTcp, type Socket } from "node:net";
import { generate, parser as createParser, type IDisconnectPacket, type Packet } from "mqtt-packet";

export type ProtocolVersion = 4 | 5;

export interface SocketAddress {
  host: string;
  port: number;
}

export interface MqttSocketOptions {
  protocolVersion: ProtocolVersion;
  /** Bound on opening the TCP connection (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Decode incoming packets (default true); false only counts them, for load runs. */
  decode?: boolean;
}

export interface SocketClose {
  at: number;
  /** The DISCONNECT the broker sent before closing, if any (MQTT 5). */
  disconnect?: IDisconnectPacket;
  /** The socket reported an error (a reset, say) before it closed. */
  error?: string;
}

export type PacketTest<P extends Packet = Packet> = (packet: Packet) => packet is P;

/** An MQTT 3.1.1 PUBACK (also a valid MQTT 5 one, reason code Success). */
function pubackBytes(packetId: number): Buffer {
  return Buffer.from([0x40, 0x02, packetId >> 8, packetId & 0xff]);
}

export class MqttSocket {
  /** Every decoded packet, in arrival order (empty when decoding is off). */
  readonly packets: Packet[] = [];
  /** Packets received, decoded or not. */
  received = 0;
  /** Set once the connection has ended. */
  closed: SocketClose | undefined;
  /** Called for each decoded packet, after it is recorded. */
  onPacket: ((packet: Packet) => void) | undefined;
  /** Answer each QoS 1 PUBLISH with PUBACK. */
  autoAcknowledge = false;
  private readonly waiters = new Set<() => void>();
  private socketError: string | undefined;

  private constructor(
    readonly socket: Socket,
    readonly protocolVersion: ProtocolVersion,
    decode: boolean,
  ) {
    if (decode) {
      const parser = createParser({ protocolVersion });
      parser.on("packet", (packet: Packet) => this.record(packet));
      // the broker sent bytes we cannot decode: the run reports them as a close with an error
      parser.on("error", (error: Error) =>
        this.socket.destroy(new Error(`undecodable bytes from the broker: ${error.message}`)),
      );
      socket.on("data", (chunk: Buffer) => parser.parse(chunk));
    } else {
      const acknowledgements: number[] = [];
      const counter = new FrameCounter((packetId) => this.autoAcknowledge && acknowledgements.push(packetId));
      socket.on("data", (chunk: Buffer) => {
        this.received += counter.push(chunk);
        if (acknowledgements.length > 0) this.sendRaw(Buffer.concat(acknowledgements.splice(0).map(pubackBytes)));
        this.notify();
      });
    }
    socket.on("error", (error) => (this.socketError = error.message));
    socket.on("close", () => {
      const disconnect = [...this.packets]
        .reverse()
        .find((packet): packet is IDisconnectPacket => packet.cmd === "disconnect");
      this.closed = { at: Date.now(), disconnect, error: this.socketError };
      this.notify();
    });
  }

  /** Opens the TCP connection; nothing is sent. */
  static open(address: SocketAddress, options: MqttSocketOptions): Promise<MqttSocket> {
    return new Promise((resolve, reject) => {
      const socket = connectTcp({ host: address.host, port: address.port });
      const deadline = setTimeout(
        () => socket.destroy(new Error(`no TCP connection to ${address.host}:${address.port} within the deadline`)),
        options.connectTimeoutMs ?? 5000,
      );
      socket.once("error", (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      socket.once("connect", () => {
        clearTimeout(deadline);
        socket.setNoDelay(true);
        resolve(new MqttSocket(socket, options.protocolVersion, options.decode ?? true));
      });
    });
  }

  /** Encodes a packet in this connection's protocol version and writes it; false: the socket is backed up. */
  send(packet: Packet): boolean {
    return this.sendRaw(generate(packet, { protocolVersion: this.protocolVersion }));
  }

  sendRaw(bytes: Buffer): boolean {
    if (this.socket.destroyed) return false;
    return this.socket.write(bytes);
  }

  /** Resolves once the socket can take more bytes. */
  drained(): Promise<void> {
    if (!this.socket.writableNeedDrain || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off("drain", done);
        this.socket.off("close", done);
        resolve();
      };
      this.socket.on("drain", done);
      this.socket.on("close", done);
    });
  }

  /** Stops reading: the broker's bytes pile up in its own buffers, as with a client that hangs. */
  stopReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  /** Waits for a packet that matches, received before or after the call. */
  waitFor<P extends Packet>(description: string, test: PacketTest<P>, timeoutMs: number): Promise<P> {
    return this.until(
      () => this.packets.find(test) as P | undefined,
      `${description} within ${timeoutMs} ms`,
      timeoutMs,
    );
  }

  /** Waits until `count` packets have been received in all. */
  waitForCount(count: number, timeoutMs: number): Promise<number> {
    return this.until(
      () => (this.received >= count ? this.received : undefined),
      `${count} packets within ${timeoutMs} ms (got ${this.received})`,
      timeoutMs,
    );
  }

  /** Waits until the broker ends the connection. */
  waitForClose(timeoutMs: number): Promise<SocketClose> {
    return this.until(() => this.closed, `the broker to close the connection within ${timeoutMs} ms`, timeoutMs, true);
  }

  /** Ends the connection without DISCONNECT. */
  destroy(): void {
    this.socket.destroy();
  }

  private until<T>(
    found: () => T | undefined,
    expected: string,
    timeoutMs: number,
    closeIsTheAnswer = false,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = found();
        if (value !== undefined) finish(undefined, value);
        else if (this.closed && !closeIsTheAnswer)
          finish(new Error(`expected ${expected}, but the connection closed (${this.describeClose()})`));
      };
      const deadline = setTimeout(
        () => finish(new Error(`expected ${expected}; received ${this.describeReceived()}`)),
        timeoutMs,
      );
      const finish = (error?: Error, value?: T): void => {
        clearTimeout(deadline);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve(value as T);
      };
      this.waiters.add(check);
      check();
    });
  }

  private record(packet: Packet): void {
    this.received++;
    this.packets.push(packet);
    if (this.autoAcknowledge && packet.cmd === "publish" && packet.qos === 1)
      this.send({ cmd: "puback", messageId: packet.messageId });
    this.onPacket?.(packet);
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private describeClose(): string {
    const disconnect = this.closed?.disconnect;
    return disconnect
      ? `DISCONNECT 0x${(disconnect.reasonCode ?? 0).toString(16)}`
      : (this.closed?.error ?? "no DISCONNECT");
  }

  private describeReceived(): string {
    const names = this.packets.slice(-5).map((packet) => packet.cmd.toUpperCase());
    return `${this.received} packets${names.length > 0 ? `, last ${names.join(", ")}` : ""}`;
  }
}

/**
 * Counts whole packets in a byte stream from their fixed headers, without decoding them, and
 * reports the packet identifier of each QoS 1 PUBLISH (to acknowledge it) when asked to.
 */
class FrameCounter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onQos1Publish?: (packetId: number) => void) {}

  /** Adds bytes; returns how many packets they completed. */
  push(chunk: Buffer): number {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    let completed = 0;
    for (;;) {
      const header = fixedHeader(data, offset);
      if (!header || header.bodyStart + header.remainingLength > data.length) break;
      // 0x32: PUBLISH at QoS 1 (the DUP and RETAIN bits aside); its packet identifier follows the topic
      if (this.onQos1Publish && (data[offset] & 0xf6) === 0x32) {
        this.onQos1Publish(data.readUInt16BE(header.bodyStart + 2 + data.readUInt16BE(header.bodyStart)));
      }
      offset = header.bodyStart + header.remainingLength;
      completed++;
    }
    this.pending = data.subarray(offset);
    return completed;
  }
}

/** The fixed header at `offset`: where the body starts and how long it is; undefined while incomplete. */
function fixedHeader(data: Buffer, offset: number): { bodyStart: number; remainingLength: number } | undefined {
  let remainingLength = 0;
  for (let index = 1; index <= 4 && offset + index < data.length; index++) {
    const byte = data[offset + index];
    remainingLength += (byte & 0x7f) * 128 ** (index - 1);
    if ((byte & 0x80) === 0) return { bodyStart: offset + index + 1, remainingLength };
  }
  return undefined;
}
