// Dispatch table: one handler per packet type. A handler throws ErrorWithReasonCode to end the
// connection for a protocol violation; the connection turns that into DISCONNECT and close.
import type { Packet } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { ErrorWithReasonCode, ReasonCode } from "../reason-codes.ts";
import { handleConnect } from "./connect.ts";
import { handleDisconnect } from "./disconnect.ts";
import { handlePingreq } from "./pingreq.ts";
import { handlePuback } from "./puback.ts";
import { handlePublish } from "./publish.ts";
import { handleSubscribe } from "./subscribe.ts";
import { handleUnsupported } from "./unsupported.ts";
import { handleUnsubscribe } from "./unsubscribe.ts";

type Handler<P extends Packet> = (connection: Connection, packet: P) => void;
type HandlerTable = { [C in Packet["cmd"]]: Handler<Extract<Packet, { cmd: C }>> };

const serverToClientOnly: Handler<Packet> = (_connection, packet) => {
  throw new ErrorWithReasonCode(ReasonCode.ProtocolError, `${packet.cmd.toUpperCase()} is only sent by a server`);
};

const handlers: HandlerTable = {
  connect: handleConnect,
  publish: handlePublish,
  puback: handlePuback,
  subscribe: handleSubscribe,
  unsubscribe: handleUnsubscribe,
  pingreq: handlePingreq,
  disconnect: handleDisconnect,
  pubrec: handleUnsupported,
  pubrel: handleUnsupported,
  pubcomp: handleUnsupported,
  auth: handleUnsupported,
  connack: serverToClientOnly,
  suback: serverToClientOnly,
  unsuback: serverToClientOnly,
  pingresp: serverToClientOnly,
};

/** Hands a decoded packet to its handler; the decoder has already made sure CONNECT came first. */
export function dispatch(connection: Connection, packet: Packet): void {
  const handler = handlers[packet.cmd] as Handler<Packet>;
  handler(connection, packet);
}
