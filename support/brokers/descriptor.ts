// Broker descriptors (brokers/<name>/broker.yaml): what a broker is, which protocol versions and
// capabilities it has, and how patient the suite must be with it. Validated on load.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { capabilityNames } from "./capabilities.ts";

export const brokersDirectory = new URL("../../brokers/", import.meta.url).pathname;

/** How the broker runs as a container: the image, its environment, and when it is ready. */
export const containerSchema = z
  .object({
    /** Image to run; built here when brokers/<buildFrom>/Dockerfile exists, otherwise pulled. */
    image: z.string().min(1),
    /** Broker folder whose Dockerfile builds the image (a variant shares its base broker's). */
    buildFrom: z.string().optional(),
    /** Environment of the container; `{port}`, `{profile}` and `{env:NAME}` are replaced at start. */
    environment: z.record(z.string(), z.string()).default({}),
    /** The MQTT port of an image whose listener cannot be moved; `{port}` is then this value. */
    fixedPort: z.number().int().min(1).max(65535).optional(),
    /** Consecutive loopback ports the broker binds, starting at `{port}` (Erlang nodes take more). */
    ports: z.number().int().min(1).max(10).default(1),
    /** Regular expression of the log line that says the broker accepts connections. */
    ready: z.string().min(1),
    startupTimeoutMs: z.number().int().positive().default(60_000),
    /** Environment variable that takes JSON broker options, for scenarios that configure the broker. */
    optionsVariable: z.string().optional(),
  })
  .strict();

export const descriptorSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, "a broker name is lower-case letters, digits and dashes"),
    version: z.string().min(1),
    description: z.string().min(1),
    protocolVersions: z.array(z.enum(["3.1.1", "5"])).min(1),
    capabilities: z.array(z.enum(capabilityNames as [string, ...string[]])).default([]),
    credentials: z.object({ username: z.string(), password: z.string() }).optional(),
    container: containerSchema.optional(),
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
export type ContainerSpec = z.output<typeof containerSchema>;

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
