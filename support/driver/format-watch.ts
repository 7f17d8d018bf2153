// Format rules every packet from the broker keeps, checked on every frame any test client
// receives in any scenario: the reserved flag bits of the fixed header, Remaining Lengths in the
// fewest bytes, DUP 0 on QoS 0, never QoS 3, non-zero identifiers on QoS 1 and 2, CONNACK first
// and its reserved flags, reason codes from the table of their packet (MQTT 5), a property
// section where one is due, no DISCONNECT before a successful CONNACK, no Session Expiry Interval
// in a DISCONNECT and nothing after it, no AUTH after a CONNECT without an Authentication Method.
// A breach names the OASIS statements it breaks, for the version the connection speaks.
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
  subackCodes: { 4: "MQTT-3.9.3-2", 5: ["MQTT5-3.9.3-2", "MQTT5-3.8.4-7"] },
  unsubackCodes: { 5: "MQTT5-3.11.3-2" },
  connackCodes: { 5: "MQTT5-3.2.2-8" },
  pubackCodes: { 5: "MQTT5-3.4.2-1" },
  pubrecCodes: { 5: "MQTT5-3.5.2-1" },
  pubrelCodes: { 5: "MQTT5-3.6.2-1" },
  pubcompCodes: { 5: "MQTT5-3.7.2-1" },
  disconnectCodes: { 5: "MQTT5-3.14.2-1" },
  authCodes: { 5: "MQTT5-3.15.2-1" },
  propertySection: { 5: "MQTT5-2.2.2-1" },
  disconnectBeforeConnack: { 5: "MQTT5-3.14.0-1" },
  sessionExpiryInDisconnect: { 5: "MQTT5-3.14.2-2" },
  afterDisconnect: { 5: "MQTT5-3.14.4-1" },
  authWithoutMethod: { 5: "MQTT5-4.12.0-6" },
} as const;

type Rule = Partial<Record<Version, string | readonly string[]>>;

/** The low nibble each packet type's fixed header must have (PUBLISH carries its own flags). */
const reservedNibble: Record<number, number> = { 2: 0, 4: 0, 5: 0, 6: 2, 7: 0, 9: 0, 11: 0, 13: 0, 14: 0, 15: 0 };

const subackCodes: Record<Version, ReadonlySet<number>> = {
  4: new Set([0x00, 0x01, 0x02, 0x80]),
  5: new Set([0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2]),
};
const unsubackCodes = new Set([0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91]);

/** The reason codes of each MQTT 5 packet's table (OASIS MQTT 5.0, sections 3.2.2.2 to 3.15.2.1). */
const reasonCodeTables: Partial<Record<Packet["cmd"], { rule: Rule; codes: ReadonlySet<number> }>> = {
  connack: {
    rule: rules.connackCodes,
    codes: new Set([
      0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x90, 0x95, 0x97, 0x99, 0x9a, 0x9b,
      0x9c, 0x9d, 0x9f,
    ]),
  },
  puback: { rule: rules.pubackCodes, codes: new Set([0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99]) },
  pubrec: { rule: rules.pubrecCodes, codes: new Set([0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99]) },
  pubrel: { rule: rules.pubrelCodes, codes: new Set([0x00, 0x92]) },
  pubcomp: { rule: rules.pubcompCodes, codes: new Set([0x00, 0x92]) },
  // a server sends every DISCONNECT code but 0x04 (Disconnect with Will Message), which only a client sends
  disconnect: {
    rule: rules.disconnectCodes,
    codes: new Set([
      0x00, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
      0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2,
    ]),
  },
  auth: { rule: rules.authCodes, codes: new Set([0x00, 0x18, 0x19]) },
};

/** The Property Length and where the properties end, read at `at`; undefined past the frame. */
function propertyEnd(frame: Buffer, at: number): number | undefined {
  let length = 0;
  let multiplier = 1;
  for (let index = at; index < frame.length && index < at + 4; index++) {
    length += (frame[index] & 0x7f) * multiplier;
    if ((frame[index] & 0x80) === 0) return index + 1 + length;
    multiplier *= 128;
  }
  return undefined;
}

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
  private accepted = false;
  private disconnected = false;

  /** True once the client's CONNECT named an Authentication Method: AUTH packets may then come. */
  authenticating = false;
  /**
   * The Protocol Level of a CONNECT sent as raw bytes: a CONNACK answering another level than 5 is
   * that level's business.
   */
  answeringLevel: number | undefined;

  constructor(private readonly version: Version) {}

  received(packet: Packet, frame: Buffer): void {
    const type = frame[0] >> 4;
    const flags = frame[0] & 0x0f;
    if (this.packetsSeen++ === 0 && packet.cmd !== "connack" && !(this.version === 5 && packet.cmd === "auth")) {
      this.breach(rules.connackFirst, `the broker's first packet was ${packet.cmd.toUpperCase()}, not CONNACK`);
    }
    if (type in reservedNibble && flags !== reservedNibble[type]) {
      this.breach(
        rules.reservedFlags,
        `a ${packet.cmd.toUpperCase()} from the broker has fixed-header flags ` +
          `${flags.toString(2).padStart(4, "0")}, not ${reservedNibble[type].toString(2).padStart(4, "0")}`,
      );
    }
    const { used, needed } = remainingLengthBytes(frame);
    if (used > needed)
      this.breach(
        rules.shortestLength,
        `a ${packet.cmd.toUpperCase()} from the broker writes its Remaining Length ` +
          `in ${used} bytes where ${needed} suffice`,
      );
    if (packet.cmd === "publish") this.publish(frame, packet.messageId);
    if (packet.cmd === "connack") this.connack(frame, packet.reasonCode ?? packet.returnCode ?? 0);
    if (packet.cmd === "suback") {
      const wrong = (packet.granted as number[]).filter((code) => !subackCodes[this.version].has(code));
      const carried = wrong.map((code) => `0x${code.toString(16)}`).join(", ");
      if (wrong.length > 0)
        this.breach(rules.subackCodes, `a SUBACK from the broker carries ${carried}, not a code of the SUBACK table`);
    }
    if (packet.cmd === "unsuback" && this.version === 5) {
      const wrong = ((packet.granted ?? []) as number[]).filter((code) => !unsubackCodes.has(code));
      const carried = wrong.map((code) => `0x${code.toString(16)}`).join(", ");
      if (wrong.length > 0)
        this.breach(
          rules.unsubackCodes,
          `an UNSUBACK from the broker carries ${carried}, not a code of the UNSUBACK table`,
        );
    }
    if (this.version === 5) this.mqtt5(packet, frame);
  }

  private mqtt5(packet: Packet, frame: Buffer): void {
    const name = packet.cmd.toUpperCase();
    if (this.disconnected) this.breach(rules.afterDisconnect, `the broker sent ${name} after its DISCONNECT`);
    if (packet.cmd === "connack" && this.answeringLevel !== undefined && this.answeringLevel !== 5) return;
    const table = reasonCodeTables[packet.cmd];
    const code = (packet as { reasonCode?: number }).reasonCode;
    if (table && code !== undefined && !table.codes.has(code))
      this.breach(
        table.rule,
        `a ${name} from the broker carries reason code 0x${code.toString(16)}, not a code of the ${name} table`,
      );
    const { used } = remainingLengthBytes(frame);
    const body = 1 + used;
    if (packet.cmd === "connack") {
      if (frame.length < body + 3)
        this.breach(rules.propertySection, "a CONNACK from the broker has no Property Length");
      if (code === 0) this.accepted = true;
    }
    if (packet.cmd === "suback" || packet.cmd === "unsuback") {
      const end = propertyEnd(frame, body + 2);
      if (end === undefined || end >= frame.length)
        this.breach(
          rules.propertySection,
          `a ${name} from the broker has no property section before its reason codes`,
        );
    }
    if (packet.cmd === "disconnect") {
      if (!this.accepted)
        this.breach(
          rules.disconnectBeforeConnack,
          "the broker sent DISCONNECT on a connection it never accepted with CONNACK 0x00",
        );
      if (packet.properties?.sessionExpiryInterval !== undefined)
        this.breach(rules.sessionExpiryInDisconnect, "a DISCONNECT from the broker carries a Session Expiry Interval");
      this.disconnected = true;
    }
    if (packet.cmd === "auth" && !this.authenticating)
      this.breach(
        rules.authWithoutMethod,
        "the broker sent AUTH to a client whose CONNECT named no Authentication Method",
      );
  }

  private publish(frame: Buffer, messageId: number | undefined): void {
    const qos = (frame[0] >> 1) & 0x03;
    const dup = (frame[0] & 0x08) !== 0;
    if (qos === 3) this.breach(rules.qos3, "a PUBLISH from the broker has both QoS bits set");
    if (qos === 0 && dup) this.breach(rules.dupOnQos0, "a QoS 0 PUBLISH from the broker has DUP 1");
    if (qos > 0 && !messageId)
      this.breach(rules.packetIdentifier, `a QoS ${qos} PUBLISH from the broker has packet identifier 0`);
  }

  private connack(frame: Buffer, code: number): void {
    const { used } = remainingLengthBytes(frame);
    const acknowledgeFlags = frame[1 + used];
    if (this.version === 5 && (acknowledgeFlags & 0xfe) !== 0)
      this.breach(
        rules.connackFlags,
        `a CONNACK's acknowledge flags are 0x${acknowledgeFlags.toString(16)}: bits 7 to 1 are reserved`,
      );
    if (code !== 0 && (acknowledgeFlags & 0x01) !== 0)
      this.breach(
        rules.refusalWithoutSession,
        `a CONNACK refusing the connection (code 0x${code.toString(16)}) says a session is present`,
      );
    if (this.version === 4 && code > 5)
      this.breach(
        rules.connackReturnCodes,
        `a CONNACK carries return code 0x${code.toString(16)}, which MQTT 3.1.1 reserves`,
      );
  }

  private breach(rule: Rule, description: string): void {
    const ids = rule[this.version];
    for (const requirement of typeof ids === "string" ? [ids] : (ids ?? [])) {
      if (!this.breaches.some((breach) => breach.requirement === requirement))
        this.breaches.push({ requirement, description });
    }
  }
}
