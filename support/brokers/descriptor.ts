// Broker descriptors (brokers/<name>/broker.yaml): what a broker is, which protocol versions and
// capabilities it has, its real limits and timings, how a scenario's settings reach it, and how
// patient the suite must be with it. Validated on load.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { capabilityNames } from "./capabilities.ts";
import { allSettingPaths, limitSettingsSchema, quotaSettingsSchema } from "./settings.ts";

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
  })
  .strict();

/** A declared value: a number, or "none" when the broker has no such limit at all. */
const declaredValue = z.union([z.number().int().nonnegative(), z.literal("none")]);

/**
 * The broker's real limits and quotas as its descriptor runs it (shipped defaults, or the
 * variant's configuration), in the settings vocabulary. Scenarios that cannot set a limit adapt to
 * this value; "none" says the broker has no such limit.
 */
export const declaredLimitsSchema = z
  .object(
    Object.fromEntries(
      [...Object.keys(limitSettingsSchema.shape), ...Object.keys(quotaSettingsSchema.shape)].map((key) => [
        key,
        declaredValue.optional(),
      ]),
    ),
  )
  .strict();

const settingPath = z.enum(allSettingPaths as [string, ...string[]]);

/**
 * How a scenario's settings reach the broker when the suite starts it with them:
 * - `json`: the settings as JSON in an environment variable; `settings` lists the paths the
 *   broker applies (the reference broker takes them all);
 * - `template`: files rendered from Mustache templates in the broker's folder, each into an
 *   environment variable its entrypoint writes out; a setting the templates never name cannot
 *   be expressed.
 */
export const configurationSchema = z
  .object({
    format: z.enum(["json", "template"]),
    /** json: the environment variable that takes the settings. */
    variable: z.string().optional(),
    /** json: the settings the broker applies. */
    settings: z.array(settingPath).optional(),
    /** template: each template file and the environment variable its rendering goes to. */
    files: z.array(z.object({ template: z.string().min(1), variable: z.string().min(1) }).strict()).optional(),
    /** Values the broker accepts for a setting, where it accepts fewer than the vocabulary. */
    ranges: z
      .partialRecord(
        settingPath,
        z.object({ min: z.number().optional(), max: z.number().optional(), why: z.string().min(1) }).strict(),
      )
      .default({}),
  })
  .strict()
  .superRefine((configuration, context) => {
    if (configuration.format === "json" && (!configuration.variable || !configuration.settings)) {
      context.addIssue({
        code: "custom",
        message: "a json configuration names its variable and the settings the broker applies",
      });
    }
    if (configuration.format === "template" && !configuration.files?.length) {
      context.addIssue({ code: "custom", message: "a template configuration names at least one template file" });
    }
  });

export const descriptorSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, "a broker name is lower-case letters, digits and dashes"),
    version: z.string().min(1),
    description: z.string().min(1),
    protocolVersions: z.array(z.enum(["3.1.1", "5"])).min(1),
    capabilities: z.array(z.enum(capabilityNames as [string, ...string[]])).default([]),
    credentials: z.object({ username: z.string(), password: z.string() }).optional(),
    container: containerSchema.optional(),
    configuration: configurationSchema.optional(),
    /** An administrative HTTP API (capability "admin-api"): its port and how to disconnect a client. */
    admin: z
      .object({
        /** Environment variable of the container that takes the API's port. */
        portVariable: z.string().min(1),
        /** POSTed to disconnect a client; `{host}`, `{adminPort}`, `{clientId}` are filled in. */
        disconnectUrl: z.string().min(1),
      })
      .strict()
      .optional(),
    limits: declaredLimitsSchema.default({}),
    /**
     * [TRN-01..06] the listeners a container of the broker opens besides its MQTT port, each at
     * `{port}` plus an offset (within `container.ports`): MQTT over TLS (`tls`), over TLS with a
     * client certificate required (`x509`), over WebSocket Secure and plain (`wss`, `ws`, path
     * /mqtt), and the shared TLS port dispatching on ALPN (`shared`, with the HTTPS API). Their
     * certificate comes from the run's test PKI: `{pki:serverCert}`, `{pki:serverKey}` and
     * `{pki:ca}` in `container.environment`.
     */
    endpoints: z
      .partialRecord(z.enum(["tls", "x509", "wss", "ws", "shared"]), z.number().int().min(1).max(9))
      .default({}),
    /**
     * What differs when the broker runs under one profile (a broker that implements a profile it is
     * given, as the reference broker does): its capabilities instead of the list above, and limits
     * over those above.
     */
    profiles: z
      .partialRecord(
        z.enum(["aws-iot-core", "oasis"]),
        z
          .object({
            capabilities: z.array(z.enum(capabilityNames as [string, ...string[]])).optional(),
            limits: declaredLimitsSchema.optional(),
          })
          .strict(),
      )
      .default({}),
    /**
     * [MQTT5-4.12] an enhanced authentication method (capability "enhanced-authentication") and an account it knows.
     */
    enhancedAuthentication: z
      .object({ method: z.literal("SCRAM-SHA-256"), username: z.string().min(1), password: z.string().min(1) })
      .strict()
      .optional(),
    timing: z
      .object({
        /** How long "receives nothing" listens. */
        quietPeriodMs: z.number().int().positive().default(500),
        /** Bound on waiting for an expected packet. */
        deliveryTimeoutMs: z.number().int().positive().default(3000),
        /**
         * How often the broker checks keep-alive: it may close a silent client up to this long
         * after 1.5 x the keep-alive. Timing scenarios choose a keep-alive the broker can honour
         * and accept a close no later than 1.5 x keep-alive plus this grace.
         */
        keepAliveCheckIntervalMs: z.number().int().nonnegative().default(500),
        /** How often the broker checks session, message and Will expiry: how late it may act on one. */
        expiryCheckIntervalMs: z.number().int().nonnegative().default(500),
      })
      .prefault({}),
  })
  .strict();

export type BrokerDescriptor = z.output<typeof descriptorSchema>;
export type ContainerSpec = z.output<typeof containerSchema>;
export type ConfigurationSpec = z.output<typeof configurationSchema>;
export type DeclaredLimits = z.output<typeof declaredLimitsSchema>;

/** The descriptor as the broker runs under a profile: that profile's capabilities and limits applied. */
export function underProfile(descriptor: BrokerDescriptor, profile: "aws-iot-core" | "oasis"): BrokerDescriptor {
  const override = descriptor.profiles[profile];
  if (!override) return descriptor;
  return {
    ...descriptor,
    capabilities: override.capabilities ?? descriptor.capabilities,
    limits: { ...descriptor.limits, ...override.limits },
  };
}

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
