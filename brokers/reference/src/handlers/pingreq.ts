// PINGREQ: answered with PINGRESP; its arrival already counted as keep-alive activity.
import type { IPingreqPacket } from "mqtt-packet";
import type { ClientConnection } from "../connection.ts";

export function handlePingreq(connection: ClientConnection, _packet: IPingreqPacket): void {
  connection.write({ cmd: "pingresp" });
}
