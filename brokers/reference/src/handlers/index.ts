// Dispatch table: one handler per packet type a client sends (the decoder refuses the ones only a
// server sends). A handler throws ErrorWithReasonCode to end the connection for a protocol
// violation; the connection turns that into DISCONNECT and close. Until its CONNECT is accepted a
// connection takes nothing but the AUTH packets of its enhanced authentication [MQTT5-4.12.0-3].
import type { Packet } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import { handleAuth } from "./auth.ts";
import { handleConnect } from "./connect.ts";
import { handleDisconnect } from "./disconnect.ts";
import { handlePingreq } from "./pingreq.ts";
import { handlePuback } from "./puback.ts";
import { handlePubcomp } from "./pubcomp.ts";
import { handlePublish } from "./publish.ts";
import { handlePubrec } from "./pubrec.ts";
import { handlePubrel } from "./pubrel.ts";
import { handleSubscribe } from "./subscribe.ts";
import { handleUnsubscribe } from "./unsubscribe.ts";

type Handler<P extends Packet> = (connection: Connection, packet: P) => void;
type ClientCommand = Exclude<Packet["cmd"], "connack" | "suback" | "unsuback" | "pingresp">;
type HandlerTable = { [C in ClientCommand]: Handler<Extract<Packet, { cmd: C }>> };

const handlers: HandlerTable = {
  connect: handleConnect,
  publish: handlePublish,
  puback: handlePuback,
  pubrec: handlePubrec,
  pubrel: handlePubrel,
  pubcomp: handlePubcomp,
  subscribe: handleSubscribe,
  unsubscribe: handleUnsubscribe,
  pingreq: handlePingreq,
  disconnect: handleDisconnect,
  auth: handleAuth,
};

/** Hands a decoded packet to its handler; the decoder has already made sure CONNECT came first. */
export function dispatch(connection: Connection, packet: Packet): void {
  if (!connection.connected && packet.cmd !== "connect" && packet.cmd !== "auth") {
    throw new ErrorWithReasonCode(
      ReasonCode.ProtocolError,
      `${packet.cmd.toUpperCase()} before the CONNECT was accepted`,
    );
  }
  const handler = handlers[packet.cmd as ClientCommand] as Handler<Packet>;
  handler(connection, packet);
}
