// Decodes the whole packets of one connection (packet-reader.ts reads each exactly) and knows
// where in the connection it is: the first packet must be CONNECT [BAD-01] and there is only one
// [DIF-03].
import type { Packet } from "mqtt-packet";
import { tagUserPropertyOrder } from "../properties/user-property-order.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import {
  connectPacketType,
  connectProtocolLevel,
  readClientPacket,
  type PacketReading,
  type ProtocolVersion,
} from "./packet-reader.ts";
import { userPropertyPairs } from "./property-section.ts";

export { UnsupportedProtocolError, type ProtocolVersion } from "./packet-reader.ts";

export class PacketDecoder {
  /** The connection's protocol version, from its CONNECT; undefined until one has been read. */
  protocolVersion: ProtocolVersion | undefined;
  /**
   * The protocol level a CONNECT asked for, set as soon as it is read, so that a CONNECT refused
   * for what follows is answered in the client's version.
   */
  connectLevel: ProtocolVersion | undefined;

  /** Decodes one whole frame; throws ErrorWithReasonCode when it is not a packet the client may send now. */
  decode(frame: Buffer): Packet {
    const isConnect = frame[0] >> 4 === connectPacketType;
    // [BAD-01] [MQTT-3.1.0-1] the first packet must be CONNECT
    if (!isConnect && this.protocolVersion === undefined)
      throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "the first packet must be CONNECT");
    // [DIF-03] [MQTT-3.1.0-2] a second CONNECT is a protocol error, whatever it holds
    if (isConnect && this.protocolVersion !== undefined)
      throw new ErrorWithReasonCode(ReasonCode.ProtocolError, "second CONNECT on the connection");
    if (isConnect) this.connectLevel = connectProtocolLevel(frame);
    const reading = readClientPacket(frame, this.connectLevel ?? this.protocolVersion!);
    if (isConnect) this.protocolVersion = this.connectLevel;
    tagProperties(reading);
    return reading.packet;
  }
}

/** [M5-12] keeps the wire order of User Properties with the decoded ones. */
function tagProperties({ packet, properties, willProperties }: PacketReading): void {
  if (packet.cmd === "publish") tagUserPropertyOrder(packet.properties?.userProperties, userPropertyPairs(properties));
  if (packet.cmd === "connect")
    tagUserPropertyOrder(packet.will?.properties?.userProperties, userPropertyPairs(willProperties));
}
