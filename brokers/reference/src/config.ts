// Configuration of the reference broker: every option with its default and the catalogue
// entry it comes from. Validated with zod so a bad option fails at start-up with a sentence.
import { z } from "zod";
import { certificateAccountSchema } from "./auth/certificate-accounts.ts";
import { brokerLimitsShape } from "./limits/limits-config.ts";
import { connectionPolicySchema } from "./policy/connection-policy.ts";
import { ruleSchema } from "./rules/rule-config.ts";
import { transportSchema } from "./transport/transport-config.ts";

export const profiles = ["aws-iot-core", "oasis"] as const;
export type Profile = (typeof profiles)[number];

export const limitsSchema = z
  .object({
    /** [DIF-06] client identifier length in UTF-8 bytes. */
    maxClientIdBytes: z.number().int().positive().default(128),
    /** [DIF-06] topic name length in UTF-8 bytes. */
    maxTopicBytes: z.number().int().positive().default(256),
    /** [DIF-06] slashes in a topic or filter (8 levels), not counting `$share/{name}/`. */
    maxTopicSlashes: z.number().int().nonnegative().default(7),
    /** [M5-10] largest packet accepted from a client, in bytes (AWS: 128 KB). */
    maximumPacketSize: z.number().int().positive().max(268435455).default(131072),
    /** [M5-02] highest inbound topic alias. */
    topicAliasMaximum: z.number().int().nonnegative().max(65535).default(8),
    /** [M5-16] unacknowledged QoS 1 PUBLISHes a client may have outstanding towards us. */
    receiveMaximum: z.number().int().positive().max(65535).default(100),
    /**
     * [SES-10] QoS 1 messages kept per session while its client is offline, or waiting for room;
     * newer ones are dropped.
     */
    maxQueuedMessages: z.number().int().nonnegative().default(1000),
    /**
     * [M5-16] QoS 1 messages the broker has unacknowledged towards one client at most: the
     * client's Receive Maximum, or this if lower (an MQTT 3.1.1 client states none).
     */
    maxInflightMessages: z.number().int().positive().max(65535).default(100),
    /**
     * Bytes sent to one client and not yet taken by it, beyond which its connection has no room:
     * QoS 0 messages are dropped for it, QoS 1 messages wait (within `maxQueuedMessages`), and
     * its own input is paused until it reads.
     */
    maxOutboundBufferBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    /** A client whose connection stays without room this long is disconnected (its Will is published). */
    outboundStallTimeoutMs: z.number().int().positive().default(30_000),
    /**
     * Payload bytes of the QoS 1 messages kept per session, stored or waiting as for
     * `maxQueuedMessages`; newer ones are dropped. Default 4 MiB: 1000 messages of 4 KB, or 32 of
     * the largest (128 KB).
     */
    maxQueuedBytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
    /** [SES-11] stored messages replayed per second after a session resumes. */
    queuedReplayPerSecond: z.number().positive().default(10),
    /**
     * [M5-14] highest keep-alive granted (AWS: 1200 s): an MQTT 5 keep-alive of 0 or more is answered
     * with this value as Server Keep Alive; an MQTT 3.1.1 one above it is lowered to it under
     * aws-iot-core, and honoured under oasis, which has no way to tell the client [MQTT-3.1.2-24].
     */
    maxKeepAliveSeconds: z.number().int().positive().max(65535).default(1200),
    /** [SES-18] ceiling of the MQTT 5 Session Expiry Interval, seconds (default 1 h, max 7 days). */
    maxSessionExpirySeconds: z.number().int().positive().max(604800).default(3600),
    /** [SES-14] lifetime of an MQTT 3 persistent session after disconnect, seconds (default 1 h, max 7 days). */
    mqtt3SessionExpirySeconds: z.number().int().positive().max(604800).default(3600),
    /** [RET-10] retained messages kept; at the limit, retained publishes with a payload are throttled. */
    maxRetainedMessages: z.number().int().nonnegative().default(100000),
    /**
     * [BAD-10] CONNECT must be complete this long after the connection opens, and any later packet
     * this long after its first byte; otherwise the connection is closed.
     */
    connectTimeoutMs: z.number().int().positive().default(10000),
    /** [LIM-01..05] AWS IoT Core's message-broker limits (limits/limits-config.ts). */
    ...brokerLimitsShape,
    /**
     * [QOS-05] [MQTT5-3.2.2-9] the highest QoS the broker takes and grants (MQTT 5 CONNACK Maximum
     * QoS, sent only below 2). Default: 1 under aws-iot-core, which has no QoS 2; 2 under oasis.
     */
    maximumQos: z.number().int().min(0).max(2).optional(),
    /**
     * [RET-14] [MQTT5-3.2.2-13] 1: retained messages are kept; 0: a retained PUBLISH or a Will
     * with Will Retain is refused with 0x9A (MQTT 5 CONNACK Retain Available). Default 1.
     */
    retainAvailable: z.number().int().min(0).max(1).default(1),
  })
  .prefault({});

/**
 * Quotas: administrative limits whose excess is answered with 0x97 Quota exceeded. Kept apart
 * from `limits` (protocol sizes and intervals) because each one is a refusal a scenario provokes.
 */
export const quotasSchema = z
  .object({
    /** [RC-06] connected clients at once; one more gets CONNACK 0x97. Default: no limit. */
    maxConnections: z.number().int().positive().optional(),
    /** [SHR-12] members of one shared subscription group; one more gets SUBACK 0x97. Default 100. */
    maxSharedSubscriptionMembers: z.number().int().positive().default(100),
    /** [RC-09] PUBLISHes a connection may send per second; a QoS 1 one beyond gets PUBACK 0x97. Default: no limit. */
    publishesPerSecond: z.number().int().positive().optional(),
  })
  .prefault({});

/** One account of `credentials`: who may connect, as which clients, and to which topics. */
export const credentialSchema = z.object({
  username: z.string(),
  password: z.string(),
  /** [RC-04] client identifiers this account may connect as (`*` stands for any characters). Default: any. */
  clientIds: z.array(z.string()).default(["*"]),
  /** [RC-09] topic filters the account may publish to. Default: everything (`#`). */
  publish: z.array(z.string()).default(["#"]),
  /** [RC-16] topic filters the account may subscribe within. Default: everything (`#`). */
  subscribe: z.array(z.string()).default(["#"]),
});

/**
 * [MQTT5-4.12] the enhanced authentication method the broker runs (SCRAM-SHA-256, RFC 5802/7677)
 * and the one account it knows for it.
 */
export const enhancedAuthenticationSchema = z.object({
  method: z.literal("SCRAM-SHA-256"),
  username: z.string().min(1),
  password: z.string().min(1),
});

/** The account of `enhancedAuthentication` under oasis when none is given. */
export const defaultEnhancedAuthentication = {
  method: "SCRAM-SHA-256",
  username: "scram-user",
  password: "scram-password",
} as const;

const optionsSchema = z.object({
  /** TCP port; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(0),
  /** Interface to listen on: loopback unless told otherwise. */
  host: z.string().default("127.0.0.1"),
  /** Rule set the broker implements: AWS IoT Core (default) or plain OASIS. */
  profile: z.enum(profiles).default("aws-iot-core"),
  limits: limitsSchema,
  /** [ATR-01..03] connection policy (client ID patterns, connectAttributes); absent by default: all allowed. */
  policy: connectionPolicySchema.optional(),
  /** [MON-03] rules run on every routed message (SQL + republish / HTTP actions); none by default. */
  rules: z.array(ruleSchema).default([]),
  quotas: quotasSchema,
  /**
   * [RC-03] accounts a client must present in CONNECT (user name and password). Default: none,
   * and then every client is accepted without credentials.
   */
  credentials: z.array(credentialSchema).default([]),
  /**
   * [RC-10] [M5-16] milliseconds the broker takes to acknowledge a QoS 1 PUBLISH it has already
   * routed. Default 0: at once. While a PUBACK is pending its packet identifier stays in use and
   * counts against the broker's Receive Maximum, as on a broker that acknowledges asynchronously;
   * a non-zero value makes that window long enough to observe.
   */
  publishAcknowledgeDelayMs: z.number().int().nonnegative().default(0),
  /**
   * [RC-15] port of the administrative HTTP API on `host` (POST /clients/{id}/disconnect), for a
   * broker in another process or a container; 0 picks a free one. Default: no HTTP API (the
   * in-process `disconnectClient` is always there).
   */
  adminPort: z.number().int().min(0).max(65535).optional(),
  /** [TRN-01..06] TLS material and the TLS and WebSocket listeners (transport/transport-config.ts). */
  transport: transportSchema,
  /** [TRN-03] [API-06] principals identified by a client certificate's common name; none by default. */
  certificates: z.array(certificateAccountSchema).default([]),
  /** [EVT-01..08] lifecycle events on `$aws/events/...`. Default: on under aws-iot-core, off under oasis. */
  lifecycleEvents: z.boolean().optional(),
  /**
   * [MQTT5-4.12] enhanced authentication by MQTT 5 AUTH exchange. Default: SCRAM-SHA-256 with
   * the account `scram-user` / `scram-password` under oasis; none under aws-iot-core, which has
   * no enhanced authentication (`null` turns it off under oasis too).
   */
  enhancedAuthentication: enhancedAuthenticationSchema.nullable().optional(),
  /** Log every connection event to stderr. */
  verbose: z.boolean().default(false),
});

/** The options with the defaults that depend on the profile filled in. */
export const brokerConfigSchema = optionsSchema.transform(({ limits, enhancedAuthentication, ...options }) => ({
  ...options,
  limits: { ...limits, maximumQos: (limits.maximumQos ?? (options.profile === "oasis" ? 2 : 1)) as 0 | 1 | 2 },
  enhancedAuthentication:
    enhancedAuthentication === undefined
      ? options.profile === "oasis"
        ? { ...defaultEnhancedAuthentication }
        : undefined
      : (enhancedAuthentication ?? undefined),
}));

export type BrokerOptions = z.input<typeof brokerConfigSchema>;
export type BrokerConfig = z.output<typeof brokerConfigSchema>;
export type Limits = BrokerConfig["limits"];
export type Quotas = BrokerConfig["quotas"];
export type Credential = BrokerConfig["credentials"][number];
export type EnhancedAuthentication = z.output<typeof enhancedAuthenticationSchema>;

/** Validates options; throws one readable line per problem. */
export function resolveConfig(options: BrokerOptions = {}): BrokerConfig {
  const parsed = brokerConfigSchema.safeParse(options);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`invalid reference broker configuration: ${lines.join("; ")}`);
  }
  return parsed.data;
}
