// DISCONNECT from a client: a normal disconnect discards the Will [LWT-03]; reason 0x04 publishes
// it [LWT-10]; a Session Expiry Interval may be changed, but not raised from 0 [SES-15].
import type { IDisconnectPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";

const disconnectWithWill = 0x04;

export function handleDisconnect(connection: Connection, packet: IDisconnectPacket): void {
  const session = connection.session;
  const requestedExpiry = packet.properties?.sessionExpiryInterval;
  if (session && requestedExpiry !== undefined) {
    if (session.expiryIntervalSeconds === 0 && requestedExpiry > 0) {
      throw new ErrorWithReasonCode(
        ReasonCode.ProtocolError,
        "Session Expiry Interval cannot be raised from 0 on DISCONNECT",
      );
    }
    session.expiryIntervalSeconds = Math.min(requestedExpiry, connection.broker.config.limits.maxSessionExpirySeconds);
  }
  const withWill = connection.protocolVersion === 5 && packet.reasonCode === disconnectWithWill;
  connection.close(withWill ? "client-disconnect-with-will" : "client-disconnect");
}
