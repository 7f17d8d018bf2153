// How the broker ends a client's connection: waiting for the close, and checking the DISCONNECT
// an MQTT 5 client was sent first and its reason code.
import type { CloseInfo } from "../driver/client.ts";
import { describePacket, hexCode } from "../driver/describe.ts";
import { check } from "./assertions.ts";
import type { ConformanceWorld } from "./world.ts";

/** Waits for the broker to close the connection, which the scenario expects. */
export async function brokerCloses(world: ConformanceWorld, name: string, timeoutMs = world.deliveryTimeoutMs): Promise<CloseInfo> {
  const client = world.client(name);
  client.closeExpected = true;
  return client.waitForClose(timeoutMs);
}

/** Waits for the close and checks the DISCONNECT before it carried the reason code. */
export async function brokerDisconnects(world: ConformanceWorld, name: string, reasonCode: number): Promise<void> {
  const closed = await brokerCloses(world, name);
  const disconnect = closed.disconnect;
  const expected = `DISCONNECT with reason code ${hexCode(reasonCode)}`;
  const got = disconnect ? describePacket(disconnect) : "no DISCONNECT before the close";
  check(disconnect?.reasonCode === reasonCode, world.client(name), `expected ${expected}, got ${got}`);
}
