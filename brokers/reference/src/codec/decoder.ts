// Decodes the whole packets of one connection. Each frame is first read exactly (wire-reading.ts),
// then decoded with mqtt-packet, whose packet objects the handlers use. The decoder also knows
// where in the connection it is: the first packet must be CONNECT [BAD-01] and there is only one
// [DIF-03].
import { parser as createParser, type Packet, type Parser } from "mqtt-packet";
import { tagUserPropertyOrder } from "../properties/user-property-order.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import { malformed } from "./frame-reader.ts";
import { userPropertyPairs } from "./property-section.ts";
import { connectProtocolLevel, PacketType, readClientPacket, type ProtocolVersion, type WireReading } from "./wire-reading.ts";

export { UnsupportedProtocolError, type ProtocolVersion } from "./wire-reading.ts";

export class PacketDecoder {
  /** The connection's protocol version, from its CONNECT; undefined until one has been read. */
  protocolVersion: ProtocolVersion | undefined;
  /**
   * The protocol level a CONNECT asked for, set as soon as it is read, so that a CONNECT refused
   * for what follows is answered in the client's version.
   */
  connectLevel: ProtocolVersion | undefined;
  private readonly parser: Parser;
  private decoded: Packet | undefined;
  private failure: Error | undefined;

  constructor() {
    this.parser = createParser();
    this.parser.on("packet", (packet: Packet) => (this.decoded = packet));
    this.parser.on("error", (error: Error) => (this.failure = error));
  }

  /** Decodes one whole frame; throws ErrorWithReasonCode when it is not a packet the client may send now. */
  decode(frame: Buffer): Packet {
    const isConnect = frame[0] >> 4 === PacketType.Connect;
    // [BAD-01] [MQTT-3.1.0-1] the first packet must be CONNECT
    if (!isConnect && this.protocolVersion === undefined) throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "the first packet must be CONNECT");
    // [DIF-03] [MQTT-3.1.0-2] a second CONNECT is a protocol error, whatever it holds
    if (isConnect && this.protocolVersion !== undefined) throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "second CONNECT on the connection");
    if (isConnect) this.connectLevel = connectProtocolLevel(frame);
    const reading = readClientPacket(frame, this.connectLevel ?? this.protocolVersion!);
    const packet = this.parse(frame);
    if (isConnect) this.protocolVersion = this.connectLevel;
    tagProperties(packet, reading);
    return packet;
  }

  private parse(frame: Buffer): Packet {
    this.decoded = undefined;
    this.failure = undefined;
    this.parser.parse(frame);
    const failure = this.failure as Error | undefined;
    if (failure) throw malformed(failure.message);
    const packet = this.decoded as Packet | undefined;
    if (!packet) throw malformed("the packet could not be decoded");
    return packet;
  }
}

/** [M5-12] keeps the wire order of User Properties with the decoded ones. */
function tagProperties(packet: Packet, reading: WireReading): void {
  if (packet.cmd === "publish") tagUserPropertyOrder(packet.properties?.userProperties, userPropertyPairs(reading.properties));
  if (packet.cmd === "connect") tagUserPropertyOrder(packet.will?.properties?.userProperties, userPropertyPairs(reading.willProperties));
}
