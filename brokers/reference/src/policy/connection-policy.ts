// The connection policy [ATR-01] [ATR-02] [ATR-03]: which client identifiers may connect, and
// which connectAttributes they may use (PersistentConnect for a session that outlives the
// connection, LastWill for a Will). Like an AWS IoT policy it allows nothing by default: a client
// no entry names may not connect, and an entry grants no attribute unless it lists it.
import type { IConnectPacket } from "mqtt-packet";
import { z } from "zod";

export const connectAttributes = ["PersistentConnect", "LastWill"] as const;
export type ConnectAttribute = (typeof connectAttributes)[number];

const policyEntrySchema = z
  .object({
    /** Client identifier this entry is for; `*` stands for any run of characters. */
    clientId: z.string().min(1),
    /** Whether a matching client may connect at all (default true). */
    connect: z.boolean().default(true),
    /** connectAttributes the client may use (default none: clean sessions without a Will). */
    connectAttributes: z.array(z.enum(connectAttributes)).default([]),
  })
  .strict();

export const connectionPolicySchema = z
  .object({
    /** Entries tried in order; the first whose clientId matches decides. */
    clients: z.array(policyEntrySchema),
  })
  .strict();

export type ConnectionPolicy = z.output<typeof connectionPolicySchema>;

function clientIdPattern(pattern: string): RegExp {
  const escaped = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "s");
}

/** [ATR-01] a session outlives the connection: cleanSession=0 (v3) or a Session Expiry Interval (v5). */
function asksForPersistentSession(packet: IConnectPacket): boolean {
  if (packet.protocolVersion === 5) return (packet.properties?.sessionExpiryInterval ?? 0) > 0;
  return packet.clean === false;
}

/** Why the policy refuses this CONNECT, or undefined when it allows it (or there is no policy). */
export function policyRefusal(
  policy: ConnectionPolicy | undefined,
  clientId: string,
  packet: IConnectPacket,
): string | undefined {
  if (!policy) return undefined;
  const entry = policy.clients.find((candidate) => clientIdPattern(candidate.clientId).test(clientId));
  // [ATR-03]
  if (!entry?.connect) return `client ${JSON.stringify(clientId)} is not authorized to connect`;
  const allowed = new Set<ConnectAttribute>(entry.connectAttributes);
  // [ATR-01]
  if (asksForPersistentSession(packet) && !allowed.has("PersistentConnect")) {
    return `client ${JSON.stringify(clientId)} may not use a persistent session (PersistentConnect not allowed)`;
  }
  // [ATR-02]
  if (packet.will && !allowed.has("LastWill"))
    return `client ${JSON.stringify(clientId)} may not set a Will (LastWill not allowed)`;
  return undefined;
}
