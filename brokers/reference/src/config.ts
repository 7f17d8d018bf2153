// Configuration of the reference broker: every option with its default and the catalogue
// entry it comes from. Validated with zod so a bad option fails at start-up with a sentence.
import { z } from "zod";
import { connectionPolicySchema } from "./policy/connection-policy.ts";
import { ruleSchema } from "./rules/rule-config.ts";

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
    /** [SES-10] QoS 1 messages stored per offline session; newer ones are dropped. */
    maxQueuedMessages: z.number().int().nonnegative().default(1000),
    /** [SES-11] stored messages replayed per second after a session resumes. */
    queuedReplayPerSecond: z.number().positive().default(10),
    /** [M5-14] highest keep-alive granted (AWS: 1200 s); 0 or more is answered with this value. */
    maxKeepAliveSeconds: z.number().int().positive().max(65535).default(1200),
    /** [SES-18] ceiling of the MQTT 5 Session Expiry Interval, seconds (default 1 h, max 7 days). */
    maxSessionExpirySeconds: z.number().int().positive().max(604800).default(3600),
    /** [SES-14] lifetime of an MQTT 3 persistent session after disconnect, seconds. */
    mqtt3SessionExpirySeconds: z.number().int().positive().default(3600),
    /** [RET-10] retained messages kept; at the limit, retained publishes with a payload are throttled. */
    maxRetainedMessages: z.number().int().nonnegative().default(100000),
    /** [BAD-10] a connection that sends no CONNECT, or stalls mid-packet, is closed after this. */
    connectTimeoutMs: z.number().int().positive().default(10000),
  })
  .prefault({});

export const brokerConfigSchema = z.object({
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
  /** Log every connection event to stderr. */
  verbose: z.boolean().default(false),
});

export type BrokerOptions = z.input<typeof brokerConfigSchema>;
export type BrokerConfig = z.output<typeof brokerConfigSchema>;
export type Limits = BrokerConfig["limits"];

/** Validates options; throws one readable line per problem. */
export function resolveConfig(options: BrokerOptions = {}): BrokerConfig {
  const parsed = brokerConfigSchema.safeParse(options);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`invalid reference broker configuration: ${lines.join("; ")}`);
  }
  return parsed.data;
}
