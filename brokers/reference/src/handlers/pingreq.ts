// PINGREQ: answered with PINGRESP; its arrival already counted as keep-alive activity.
import type { IPingreqPacket } from "mqtt-packet";
import type { Connection } from "../connection/connection.ts";

export function handlePingreq(connection: Connection, _packet: IPingreqPacket): void {
  connection.send({ cmd: "pingresp" });
}
