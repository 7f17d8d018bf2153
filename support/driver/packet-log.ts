// The record of everything a test client sent and received, with times: printed on failure and
// attached to the Allure result of every scenario.
import type { Packet } from "mqtt-packet";
import { describePacket, hex } from "./describe.ts";

export type Direction = "sent" | "received" | "event";

export interface LogEntry {
  /** Epoch milliseconds. */
  at: number;
  direction: Direction;
  /** The decoded packet, when there is one. */
  packet?: Packet;
  /** The bytes on the wire, when known. */
  bytes?: Buffer;
  /** Free text: an event (connected, closed) or why bytes could not be decoded. */
  note?: string;
}

const arrows: Record<Direction, string> = { sent: "→", received: "←", event: "·" };

export class PacketLog {
  readonly entries: LogEntry[] = [];
  private readonly startedAt = Date.now();

  constructor(readonly clientName: string) {}

  add(entry: Omit<LogEntry, "at">): LogEntry {
    const full = { at: Date.now(), ...entry };
    this.entries.push(full);
    return full;
  }

  formatEntry(entry: LogEntry): string {
    const offset = `+${String(entry.at - this.startedAt).padStart(5)}ms`;
    const body = entry.packet
      ? describePacket(entry.packet)
      : entry.bytes
        ? `undecodable bytes: ${hex(entry.bytes)}${entry.note ? ` (${entry.note})` : ""}`
        : (entry.note ?? "");
    return `${offset} ${arrows[entry.direction]} ${body}`;
  }

  /** The whole log, one line per entry, headed by the client's name. */
  format(): string {
    const lines = this.entries.map((entry) => `  ${this.formatEntry(entry)}`);
    return [`client "${this.clientName}" (times since ${new Date(this.startedAt).toISOString()}):`, ...lines].join(
      "\n",
    );
  }
}
