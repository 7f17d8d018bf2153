// Broker descriptors (brokers/<name>/broker.yaml): what a broker is, which protocol versions and
// capabilities it has, and how patient the suite must be with it. Validated on load.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { capabilityNames } from "./capabilities.ts";

export const brokersDirectory = new URL("../../brokers/", import.meta.url).pathname;

export const descriptorSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, "a broker name is lower-case letters, digits and dashes"),
    version: z.string().min(1),
    description: z.string().min(1),
    protocolVersions: z.array(z.enum(["3.1.1", "5"])).min(1),
    capabilities: z.array(z.enum(capabilityNames as [string, ...string[]])).default([]),
    credentials: z.object({ username: z.string(), password: z.string() }).optional(),
    timing: z
      .object({
        /** How long "receives nothing" listens. */
        quietPeriodMs: z.number().int().positive().default(500),
        /** Bound on waiting for an expected packet. */
        deliveryTimeoutMs: z.number().int().positive().default(3000),
      })
      .prefault({}),
  })
  .strict();

export type BrokerDescriptor = z.output<typeof descriptorSchema>;

export function parseDescriptor(text: string, source: string): BrokerDescriptor {
  const parsed = descriptorSchema.safeParse(parse(text));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`${source} is not a valid broker descriptor: ${problems.join("; ")}`);
  }
  return parsed.data;
}

export function loadDescriptorFile(path: string): BrokerDescriptor {
  if (!existsSync(path)) throw new Error(`no broker descriptor at ${path}`);
  return parseDescriptor(readFileSync(path, "utf8"), path);
}

/** Names of the brokers with a descriptor in brokers/. */
export function knownBrokers(): string[] {
  return readdirSync(brokersDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(brokersDirectory, entry.name, "broker.yaml")))
    .map((entry) => entry.name)
    .sort();
}

export function loadDescriptor(name: string): BrokerDescriptor {
  const known = knownBrokers();
  if (!known.includes(name)) throw new Error(`unknown broker "${name}"; known brokers: ${known.join(", ")}`);
  return loadDescriptorFile(join(brokersDirectory, name, "broker.yaml"));
}
