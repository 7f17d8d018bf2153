// PUBREC, PUBREL, PUBCOMP and AUTH: not supported [QOS-06]. The broker never answers in kind;
// it ends the connection as a protocol error (v5: DISCONNECT 0x82).
import type { IAuthPacket, IPubcompPacket, IPubrecPacket, IPubrelPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";

export function handleUnsupported(
  _connection: Connection,
  packet: IPubrecPacket | IPubrelPacket | IPubcompPacket | IAuthPacket,
): void {
  throw new ErrorWithReasonCode(ReasonCode.ProtocolError, `${packet.cmd.toUpperCase()} is not supported`);
}
