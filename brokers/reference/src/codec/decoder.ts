// Decodes one whole packet with mqtt-packet, adding the checks its parser leaves out:
// the protocol name and level of a CONNECT [BAD-02] and well-formed UTF-8 without U+0000 [BAD-04].
import { parser as createParser, type Packet, type Parser } from "mqtt-packet";
import { rememberUserPropertyOrder } from "../properties/user-property-order.ts";
import { ReasonCode, ErrorWithReasonCode } from "../reason-codes.ts";
import { readFrameHeader } from "./framer.ts";

export type ProtocolVersion = 4 | 5;

const connectPacketType = 1;
const replacementCharacter = "\uFFFD";
const replacementCharacterBytes = Buffer.from(replacementCharacter, "utf8");

export class UnsupportedProtocolError extends ErrorWithReasonCode {
  constructor(
    readonly protocolName: string,
    readonly protocolLevel: number,
  ) {
    super(ReasonCode.UnsupportedProtocolVersion, `protocol ${JSON.stringify(protocolName)} level ${protocolLevel} is not supported`);
  }
}

/** Protocol name and level of a CONNECT frame, read from its bytes. */
function readProtocol(frame: Buffer): { name: string; level: number } | undefined {
  const header = readFrameHeader(frame);
  if (!header) return undefined;
  const offset = header.headerLength;
  if (frame.length < offset + 2) return undefined;
  const nameLength = frame.readUInt16BE(offset);
  const levelOffset = offset + 2 + nameLength;
  if (frame.length <= levelOffset) return undefined;
  return { name: frame.toString("latin1", offset + 2, levelOffset), level: frame[levelOffset] };
}

/** Every string field a decoded packet carries, for the UTF-8 check. */
function stringsOf(packet: Packet): string[] {
  switch (packet.cmd) {
    case "connect":
      return [packet.clientId, packet.will?.topic ?? "", packet.username ?? ""];
    case "publish":
      return [packet.topic];
    case "subscribe":
      return packet.subscriptions.map((subscription) => subscription.topic);
    case "unsubscribe":
      return packet.unsubscriptions;
    default:
      return [];
  }
}

export class PacketDecoder {
  private readonly parser: Parser;
  private decoded: Packet | undefined;
  private failure: Error | undefined;

  constructor() {
    this.parser = createParser();
    this.parser.on("packet", (packet: Packet) => (this.decoded = packet));
    this.parser.on("error", (error: Error) => (this.failure = error));
  }

  /** Decodes one whole frame; throws ErrorWithReasonCode when it is not a valid packet. */
  decode(frame: Buffer): Packet {
    if (frame[0] >> 4 === connectPacketType) this.checkProtocol(frame);
    this.decoded = undefined;
    this.failure = undefined;
    this.parser.parse(frame);
    const failure = this.failure as Error | undefined;
    if (failure) throw new ErrorWithReasonCode(ReasonCode.MalformedPacket, failure.message);
    const packet = this.decoded as Packet | undefined;
    if (!packet) throw new ErrorWithReasonCode(ReasonCode.MalformedPacket, "packet could not be decoded");
    // [BAD-04] mqtt-packet turns invalid UTF-8 into U+FFFD; a U+FFFD the client did not send means invalid bytes
    if (stringsOf(packet).some((text) => text.includes(replacementCharacter)) && !frame.includes(replacementCharacterBytes)) {
      throw new ErrorWithReasonCode(ReasonCode.MalformedPacket, "a string is not valid UTF-8");
    }
    // [BAD-04] [MQTT-1.5.4-2] a string containing U+0000 makes the packet malformed
    if (stringsOf(packet).some((text) => text.includes("\u0000"))) {
      throw new ErrorWithReasonCode(ReasonCode.MalformedPacket, "a string contains U+0000");
    }
    rememberUserPropertyOrder(packet, frame); // [M5-12]
    return packet;
  }

  private checkProtocol(frame: Buffer): void {
    const protocol = readProtocol(frame);
    if (!protocol) return; // too short: the parser reports it as malformed
    const known = (protocol.name === "MQTT" && (protocol.level === 4 || protocol.level === 5));
    if (!known) throw new UnsupportedProtocolError(protocol.name, protocol.level);
  }
}
