// How the broker ends a client's connection: waiting for the close (which OASIS requires), and
// the DISCONNECT an MQTT 5 client should be sent first, with its reason code (a SHOULD).
import type { CloseInfo } from "../driver/client.ts";
import { describePacket, hexCode } from "../driver/describe.ts";
import { checkShould } from "./assertions.ts";
import type { ConformanceWorld } from "./world.ts";

/** Waits for the broker to close the connection, which the scenario expects. */
export async function brokerCloses(
  world: ConformanceWorld,
  name: string,
  timeoutMs = world.deliveryTimeoutMs,
): Promise<CloseInfo> {
  return world.client(name).expectClose(timeoutMs);
}

/** The DISCONNECT before a close carried one of the codes (checked as a SHOULD). */
export function checkDisconnectCode(
  world: ConformanceWorld,
  name: string,
  closed: CloseInfo,
  codes: readonly number[],
): void {
  const disconnect = closed.disconnect;
  const got = disconnect ? describePacket(disconnect) : "no DISCONNECT before the close";
  checkShould(
    world,
    disconnect !== undefined && codes.includes(disconnect.reasonCode ?? 0),
    world.client(name),
    `expected DISCONNECT with reason code ${codes.map(hexCode).join(" or ")} before the close, got ${got}`,
  );
}

/** Waits for the close and checks the DISCONNECT before it (MQTT 5 only). */
export async function brokerDisconnects(
  world: ConformanceWorld,
  name: string,
  codes: readonly number[],
): Promise<void> {
  const closed = await brokerCloses(world, name);
  if (world.client(name).protocolVersion === 5) checkDisconnectCode(world, name, closed, codes);
}
