// Format rules every packet from the broker keeps, checked on every frame any test client
// receives in any scenario: the reserved flag bits of the fixed header, Remaining Lengths in the
// fewest bytes, DUP 0 on QoS 0, never QoS 3, non-zero identifiers on QoS 1 and 2, CONNACK first
// and its reserved flags, SUBACK and UNSUBACK codes from their tables. A breach names the OASIS
// statement it breaks, for the version the connection speaks.
import type { Packet } from "mqtt-packet";
import type { Breach } from "./announced-limits.ts";

type Version = 4 | 5;

/** The statement of each rule, per protocol version (3.1.1 IDs as the specification has them, 5.0 with MQTT5-). */
const rules = {
  reservedFlags: { 4: "MQTT-2.2.2-1", 5: "MQTT5-2.1.3-1" },
  shortestLength: { 5: "MQTT5-1.5.5-1" },
  dupOnQos0: { 4: "MQTT-3.3.1-2", 5: "MQTT5-3.3.1-2" },
  qos3: { 4: "MQTT-3.3.1-4", 5: "MQTT5-3.3.1-4" },
  packetIdentifier: { 4: "MQTT-2.3.1-1", 5: "MQTT5-2.2.1-4" },
  connackFirst: { 4: "MQTT-3.2.0-1", 5: "MQTT5-3.2.0-1" },
  connackFlags: { 5: "MQTT5-3.2.2-1" },
  refusalWithoutSession: { 4: "MQTT-3.2.2-4", 5: "MQTT5-3.2.2-6" },
  connackReturnCodes: { 4: "MQTT-3.2.2-6" },
  subackCodes: { 4: "MQTT-3.9.3-2", 5: "MQTT5-3.9.3-2" },
  unsubackCodes: { 5: "MQTT5-3.11.3-2" },
} as const;

/** The low nibble each packet type's fixed header must have (PUBLISH carries its own flags). */
const reservedNibble: Record<number, number> = { 2: 0, 4: 0, 5: 0, 6: 2, 7: 0, 9: 0, 11: 0, 13: 0, 14: 0, 15: 0 };

const subackCodes: Record<Version, ReadonlySet<number>> = {
  4: new Set([0x00, 0x01, 0x02, 0x80]),
  5: new Set([0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2]),
};
const unsubackCodes = new Set([0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91]);

/** Bytes the Remaining Length of a frame takes, and how many it needs at the fewest. */
function remainingLengthBytes(frame: Buffer): { used: number; needed: number } {
  let used = 1;
  while (used < 4 && (frame[used] & 0x80) !== 0) used++;
  const value = frame.length - 1 - used;
  const needed = value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
  return { used, needed };
}

export class FormatWatch {
  readonly breaches: Breach[] = [];
  private packetsSeen = 0;

  constructor(private readonly version: Version) {}

  received(packet: Packet, frame: Buffer): void {
    const type = frame[0] >> 4;
    const flags = frame[0] & 0x0f;
    if (this.packetsSeen++ === 0 && packet.cmd !== "connack" && !(this.version === 5 && packet.cmd === "auth")) {
      this.breach(rules.connackFirst, `the broker's first packet was ${packet.cmd.toUpperCase()}, not CONNACK`);
    }
    if (type in reservedNibble && flags !== reservedNibble[type]) {
      this.breach(rules.reservedFlags, `a ${packet.cmd.toUpperCase()} from the broker has fixed-header flags ${flags.toString(2).padStart(4, "0")}, not ${reservedNibble[type].toString(2).padStart(4, "0")}`);
    }
    const { used, needed } = remainingLengthBytes(frame);
    if (used > needed) this.breach(rules.shortestLength, `a ${packet.cmd.toUpperCase()} from the broker writes its Remaining Length in ${used} bytes where ${needed} suffice`);
    if (packet.cmd === "publish") this.publish(frame, packet.messageId);
    if (packet.cmd === "connack") this.connack(frame, packet.reasonCode ?? packet.returnCode ?? 0);
    if (packet.cmd === "suback") {
      const wrong = (packet.granted as number[]).filter((code) => !subackCodes[this.version].has(code));
      if (wrong.length > 0) this.breach(rules.subackCodes, `a SUBACK from the broker carries ${wrong.map((code) => `0x${code.toString(16)}`).join(", ")}, not a code of the SUBACK table`);
    }
    if (packet.cmd === "unsuback" && this.version === 5) {
      const wrong = ((packet.granted ?? []) as number[]).filter((code) => !unsubackCodes.has(code));
      if (wrong.length > 0) this.breach(rules.unsubackCodes, `an UNSUBACK from the broker carries ${wrong.map((code) => `0x${code.toString(16)}`).join(", ")}, not a code of the UNSUBACK table`);
    }
  }

  private publish(frame: Buffer, messageId: number | undefined): void {
    const qos = (frame[0] >> 1) & 0x03;
    const dup = (frame[0] & 0x08) !== 0;
    if (qos === 3) this.breach(rules.qos3, "a PUBLISH from the broker has both QoS bits set");
    if (qos === 0 && dup) this.breach(rules.dupOnQos0, "a QoS 0 PUBLISH from the broker has DUP 1");
    if (qos > 0 && !messageId) this.breach(rules.packetIdentifier, `a QoS ${qos} PUBLISH from the broker has packet identifier 0`);
  }

  private connack(frame: Buffer, code: number): void {
    const { used } = remainingLengthBytes(frame);
    const acknowledgeFlags = frame[1 + used];
    if (this.version === 5 && (acknowledgeFlags & 0xfe) !== 0) this.breach(rules.connackFlags, `a CONNACK's acknowledge flags are 0x${acknowledgeFlags.toString(16)}: bits 7 to 1 are reserved`);
    if (code !== 0 && (acknowledgeFlags & 0x01) !== 0) this.breach(rules.refusalWithoutSession, `a CONNACK refusing the connection (code 0x${code.toString(16)}) says a session is present`);
    if (this.version === 4 && code > 5) this.breach(rules.connackReturnCodes, `a CONNACK carries return code 0x${code.toString(16)}, which MQTT 3.1.1 reserves`);
  }

  private breach(rule: Partial<Record<Version, string>>, description: string): void {
    const requirement = rule[this.version];
    if (requirement && !this.breaches.some((breach) => breach.requirement === requirement)) this.breaches.push({ requirement, description });
  }
}
