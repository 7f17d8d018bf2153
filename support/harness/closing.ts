// How the broker ends a client's connection: waiting for the close, and checking the DISCONNECT
// an MQTT 5 client was sent first (its reason code, and a reason string where one is expected).
import type { CloseInfo } from "../driver/client.ts";
import { describePacket, hexCode } from "../driver/describe.ts";
import { hasReasonString } from "../driver/predicates.ts";
import { check } from "./assertions.ts";
import type { ConformanceWorld } from "./world.ts";

/** Waits for the broker to close the connection, which the scenario expects. */
export async function brokerCloses(world: ConformanceWorld, name: string, timeoutMs = world.deliveryTimeoutMs): Promise<CloseInfo> {
  const client = world.client(name);
  client.closeExpected = true;
  return client.waitForClose(timeoutMs);
}

/** Waits for the close and checks the DISCONNECT before it carried the reason code (and a reason string). */
export async function brokerDisconnects(world: ConformanceWorld, name: string, reasonCode: number, withReasonString = false): Promise<void> {
  const closed = await brokerCloses(world, name);
  const disconnect = closed.disconnect;
  const expected = `DISCONNECT with reason code ${hexCode(reasonCode)}${withReasonString ? " and a reason string" : ""}`;
  const got = disconnect ? describePacket(disconnect) : "no DISCONNECT before the close";
  check(disconnect?.reasonCode === reasonCode && (!withReasonString || hasReasonString(disconnect)), world.client(name), `expected ${expected}, got ${got}`);
}
