// Dispatch table: one handler per packet type a client sends (the decoder refuses the ones only a
// server sends). A handler throws ErrorWithReasonCode to end the connection for a protocol
// violation; the connection turns that into DISCONNECT and close. QoS 2 (PUBREC, PUBREL,
// PUBCOMP) is unsupported today [QOS-06]; under `oasis` it would get handlers of its own here.
import type { Packet } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";
import { handleConnect } from "./connect.ts";
import { handleDisconnect } from "./disconnect.ts";
import { handlePingreq } from "./pingreq.ts";
import { handlePuback } from "./puback.ts";
import { handlePublish } from "./publish.ts";
import { handleSubscribe } from "./subscribe.ts";
import { handleUnsupported } from "./unsupported.ts";
import { handleUnsubscribe } from "./unsubscribe.ts";

type Handler<P extends Packet> = (connection: Connection, packet: P) => void;
type ClientCommand = Exclude<Packet["cmd"], "connack" | "suback" | "unsuback" | "pingresp">;
type HandlerTable = { [C in ClientCommand]: Handler<Extract<Packet, { cmd: C }>> };

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
};

/** Hands a decoded packet to its handler; the decoder has already made sure CONNECT came first. */
export function dispatch(connection: Connection, packet: Packet): void {
  const handler = handlers[packet.cmd as ClientCommand] as Handler<Packet>;
  handler(connection, packet);
}
