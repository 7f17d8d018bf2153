// Packets the broker never answers in kind: PUBREC, PUBREL, PUBCOMP under AWS IoT Core, which has
// no QoS 2 [QOS-06], and AUTH on a broker without enhanced authentication. It ends the connection
// as a protocol error (v5: DISCONNECT 0x82).
import type { IAuthPacket, IPubcompPacket, IPubrecPacket, IPubrelPacket } from "mqtt-packet";
import type { BrokerConfig } from "../config.ts";
import type { Connection } from "../connection/connection.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";

/**
 * Whether PUBREC, PUBREL and PUBCOMP get their QoS 2 handling: always under oasis (a broker whose
 * Maximum QoS is below 2 still completes what it is asked [MQTT5-3.7.2-1]); under aws-iot-core
 * only when QoS 2 was switched on with `limits.maximumQos`.
 */
export function answersQos2Packets(config: BrokerConfig): boolean {
  return config.profile === "oasis" || config.limits.maximumQos === 2;
}

export function handleUnsupported(
  _connection: Connection,
  packet: IPubrecPacket | IPubrelPacket | IPubcompPacket | IAuthPacket,
): void {
  throw new ErrorWithReasonCode(ReasonCode.ProtocolError, `${packet.cmd.toUpperCase()} is not supported`);
}
