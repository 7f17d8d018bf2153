// A broker under test as the suite reaches it: where it listens, what it is, and how to stop it.
import { z } from "zod";
import { descriptorSchema } from "../brokers/descriptor.ts";
import { transports } from "../driver/transport.ts";
import { endpointsSchema, pkiSchema } from "./endpoints.ts";

import { profileNames } from "../profiles.ts";

export { profileNames, type ProfileName } from "../profiles.ts";

export const targetKinds = ["embedded", "container", "external"] as const;

/** Everything a worker needs to reach the broker; travels to workers as a world parameter. */
export const targetInfoSchema = z.object({
  kind: z.enum(targetKinds),
  host: z.string(),
  port: z.number().int().positive(),
  transport: z.enum(transports).optional(),
  /** WebSocket path. */
  path: z.string().optional(),
  /** PEM texts for TLS: the CA to trust, and a client certificate with its key. */
  tls: z.object({ ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional() }).optional(),
  /** [TRN-01..06] [API-01..06] listeners besides the main address, where the broker has them. */
  endpoints: endpointsSchema.optional(),
  /** The run's test PKI: the broker's certificate and the clients' (private keys in memory only). */
  pki: pkiSchema.optional(),
  descriptor: descriptorSchema,
  profile: z.enum(profileNames),
  /** Identifies one run: the brokers its workers start for shared settings carry it, so the run can remove them. */
  runId: z.string().optional(),
});

export type TargetInfo = z.output<typeof targetInfoSchema>;

export interface StartedTarget {
  readonly info: TargetInfo;
  stop(): Promise<void>;
}
