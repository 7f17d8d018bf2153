// AUTH from a client [MQTT5-4.12]: the client-final message of an exchange the broker started
// (after CONNECT, or after the client's AUTH 0x19 re-authenticating a live connection), or the
// start of a re-authentication. Success accepts the CONNECT (CONNACK 0x00) or answers AUTH 0x00,
// both with the server-final message; failure refuses the CONNECT (CONNACK 0x87) or ends the
// connection (DISCONNECT 0x87) [MQTT5-4.12.0-4] [MQTT5-4.12.1-2]. A broker without enhanced
// authentication (AWS IoT Core) never answers AUTH in kind [QOS-06].
import type { IAuthPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import { ConnectRefused } from "./connect-phases.ts";
import { completeConnect, continueAuthentication, refuseConnect } from "./connect.ts";
import { handleUnsupported } from "./unsupported.ts";

const AuthReason = { Success: 0x00, ContinueAuthentication: continueAuthentication, ReAuthenticate: 0x19 } as const;

function protocolError(reason: string): ErrorWithReasonCode {
  return new ErrorWithReasonCode(ReasonCode.ProtocolError, reason);
}

export function handleAuth(connection: Connection, packet: IAuthPacket): void {
  if (!connection.broker.config.enhancedAuthentication) return handleUnsupported(connection, packet);
  const state = connection.authentication;
  const method = packet.properties?.authenticationMethod;
  // [MQTT5-4.12.0-7] an AUTH on a connection that did not authenticate with a method, or
  // [MQTT5-4.12.1-1] with another method
  if (state.method === undefined || method !== state.method)
    throw protocolError(
      `AUTH with method ${JSON.stringify(method)} on a connection authenticated with ${JSON.stringify(state.method)}`,
    );
  if (packet.reasonCode === AuthReason.ReAuthenticate)
    return reauthenticate(connection, method, packet.properties?.authenticationData);
  if (packet.reasonCode !== AuthReason.ContinueAuthentication || !state.exchange)
    throw protocolError(`AUTH 0x${packet.reasonCode.toString(16)} when no exchange awaits it`);
  finishExchange(connection, method, packet.properties?.authenticationData);
}

/** [MQTT5-4.12.1-1] AUTH 0x19 on a live connection starts a new exchange: AUTH 0x18 with the server-first message. */
function reauthenticate(connection: Connection, method: string, clientFirst: Buffer | undefined): void {
  if (!connection.connected || connection.authentication.exchange)
    throw protocolError("AUTH 0x19 while an exchange is in progress");
  const exchange = connection.broker.startScram(clientFirst);
  if (!exchange)
    return failReauthentication(connection, "the Authentication Data of AUTH is not a SCRAM client-first message");
  connection.authentication = { method, exchange };
  connection.send({
    cmd: "auth",
    reasonCode: AuthReason.ContinueAuthentication,
    properties: { authenticationMethod: method, authenticationData: exchange.serverFirst },
  });
}

/** The client-final message: the proof decides. */
function finishExchange(connection: Connection, method: string, clientFinal: Buffer | undefined): void {
  const { exchange, connect } = connection.authentication;
  const serverFinal = exchange!.finish(clientFinal);
  connection.authentication = { method };
  if (connect) {
    if (serverFinal) completeConnect(connection, connect, serverFinal);
    else refuseConnect(connection, new ConnectRefused(ReasonCode.NotAuthorized, "SCRAM authentication failed"));
    return;
  }
  if (!serverFinal) return failReauthentication(connection, "SCRAM re-authentication failed");
  connection.send({
    cmd: "auth",
    reasonCode: AuthReason.Success,
    properties: { authenticationMethod: method, authenticationData: serverFinal },
  });
}

/** [MQTT5-4.12.1-2] a failed re-authentication: DISCONNECT 0x87, then the close. */
function failReauthentication(connection: Connection, reason: string): void {
  connection.close("protocol-violation", ReasonCode.NotAuthorized, reason);
}
