// Connecting as steps mean it: a persistent session asks for one long enough for any scenario, an
// accepted connection is checked, and a connection the broker may refuse accepts a close without
// CONNACK as an answer (a later step judges it).
import type { ConnectFields, ProtocolVersion } from "../driver/client.ts";
import { checkConnackAccepted } from "./assertions.ts";
import type { ConformanceWorld } from "./world.ts";

/** Session Expiry Interval a v5 "persistent session" asks for: long enough for any scenario. */
export const persistentSessionExpirySeconds = 300;

export function persistentFields(version: ProtocolVersion): ConnectFields {
  return version === 5
    ? { clean: false, properties: { sessionExpiryInterval: persistentSessionExpirySeconds } }
    : { clean: false };
}

/** Connects and checks the broker accepted the connection. */
export async function connectAccepted(
  world: ConformanceWorld,
  name: string,
  version: ProtocolVersion,
  fields: ConnectFields = {},
): Promise<void> {
  checkConnackAccepted(await world.connect(name, version, fields), world.client(name));
}

/** Connects when the broker may refuse: a close without CONNACK is an answer too (judged by a later step). */
export async function connectMaybeRefused(
  world: ConformanceWorld,
  name: string,
  version: ProtocolVersion,
  fields: ConnectFields = {},
  options: { rateLimited?: boolean } = {},
): Promise<void> {
  await world.connect(name, version, fields, options).catch((error: Error) => {
    const client = world.client(name);
    if (!client.closed) throw error;
    client.allowClose();
  });
}
