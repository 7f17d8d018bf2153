// The configuration vocabulary the suite owns: the limits, quotas, accounts, connection policy and
// rules a scenario needs its broker to run with, in the suite's own terms. Scenarios state them as
// readable tables; each broker's descriptor says how its adapter renders them for that broker
// (support/brokers/adapters.ts) and, where it cannot, what the broker's own value is.
import { z } from "zod";

const count = z.number().int().nonnegative();
const positive = z.number().int().positive();

/** Protocol sizes, intervals and stores: each one a number, as the scenario wants the broker set. */
export const limitSettingsSchema = z
  .object({
    /** [DIF-06] [RC-02] longest client identifier accepted, UTF-8 bytes. */
    maxClientIdBytes: positive,
    /** [DIF-06] longest topic name, UTF-8 bytes. */
    maxTopicBytes: positive,
    /** [DIF-06] most slashes in a topic or topic filter (not counting `$share/{name}/`). */
    maxTopicSlashes: count,
    /** [M5-10] [BAD-09] largest packet accepted from a client, bytes. */
    maximumPacketSize: positive,
    /** [M5-02] highest topic alias a client may use. */
    topicAliasMaximum: count,
    /** [M5-16] QoS 1 PUBLISHes a client may have unacknowledged towards the broker. */
    receiveMaximum: positive,
    /** [SES-10] messages stored for one offline session. */
    maxQueuedMessages: count,
    /** [SES-11] stored messages replayed per second after a session resumes. */
    queuedReplayPerSecond: positive,
    /** [M5-14] longest keep-alive granted, seconds. */
    maxKeepAliveSeconds: positive,
    /** [SES-18] highest MQTT 5 Session Expiry Interval granted, seconds. */
    maxSessionExpirySeconds: positive,
    /** [SES-14] how long an MQTT 3.1.1 persistent session outlives its connection, seconds. */
    mqtt3SessionExpirySeconds: positive,
    /** [RET-10] retained messages kept broker-wide. */
    maxRetainedMessages: count,
    /** [BAD-10] how long a connection may go without a complete CONNECT (or packet), ms. */
    connectTimeoutMs: positive,
    /** [QOS-05] [MQTT5-3.2.2-9] the highest QoS the broker takes (MQTT 5 CONNACK Maximum QoS). */
    maximumQos: z.number().int().min(0).max(2),
    /** [MQTT5-3.2.2-13] 1 when the broker keeps retained messages, 0 when it has none (Retain Available). */
    retainAvailable: z.number().int().min(0).max(1),
    /** [LIM-01] shortest keep-alive served, seconds: a shorter request is served as this. */
    minKeepAliveSeconds: positive,
    /** [LIM-02] topic filters one SUBSCRIBE may carry. */
    maxFiltersPerSubscribe: positive,
    /** [LIM-03] subscriptions one session may hold. */
    maxSubscriptionsPerSession: positive,
    /** [LIM-04] CONNECTs accepted per second for one client identifier. */
    connectsPerSecondPerClientId: positive,
    /** [LIM-05] bytes one connection may send per second (more is delayed). */
    maxBytesPerSecondPerConnection: positive,
    /** [LIM-06] [M5-16] QoS 1 messages the broker leaves unacknowledged towards one client at most. */
    maxInflightMessages: positive,
  })
  .partial()
  .strict();

/** Administrative limits whose excess the broker answers with 0x97 Quota exceeded. */
export const quotaSettingsSchema = z
  .object({
    /** [RC-06] clients connected at once. */
    maxConnections: positive,
    /** [SHR-12] members of one shared subscription group. */
    maxSharedSubscriptionMembers: positive,
    /** [RC-09] PUBLISHes one connection may send per second. */
    publishesPerSecond: positive,
  })
  .partial()
  .strict();

/** [RC-03] [RC-04] [RC-09] [RC-16] an account: who may connect, as whom, and to which topics. */
export const accountSchema = z
  .object({
    username: z.string().min(1),
    password: z.string().min(1),
    /** Client identifiers the account may connect as (`*` stands for any characters). */
    clientIds: z.array(z.string()).optional(),
    /** Topic filters the account may publish to. */
    publish: z.array(z.string()).optional(),
    /** Topic filters the account may subscribe within. */
    subscribe: z.array(z.string()).optional(),
  })
  .strict();

/** [ATR-01..03] an AWS IoT-style connection policy: which clients connect, with which connectAttributes. */
export const connectionPolicySchema = z
  .object({
    clients: z.array(
      z
        .object({
          clientId: z.string().min(1),
          connect: z.boolean(),
          connectAttributes: z.array(z.enum(["PersistentConnect", "LastWill"])),
        })
        .strict(),
    ),
  })
  .strict();

/** [MON-03] a rule: SQL over each message, and its actions. */
export const ruleSchema = z
  .object({
    name: z.string().min(1),
    sql: z.string().min(1),
    actions: z.array(
      z.union([
        z
          .object({
            republish: z.object({ topic: z.string().min(1), qos: z.union([z.literal(0), z.literal(1)]) }).strict(),
          })
          .strict(),
        z.object({ http: z.object({ url: z.string().url() }).strict() }).strict(),
      ]),
    ),
  })
  .strict();

/** [TRN-03] [API-06] a principal identified by its client certificate: as whom it connects, which topics it uses. */
export const certificateAccountSchema = z
  .object({
    /** The subject common name of the client certificate (one of the run's test certificates). */
    commonName: z.string().min(1),
    clientIds: z.array(z.string()).optional(),
    publish: z.array(z.string()).optional(),
    subscribe: z.array(z.string()).optional(),
  })
  .strict();

export const brokerSettingsSchema = z
  .object({
    limits: limitSettingsSchema.optional(),
    certificates: z.array(certificateAccountSchema).optional(),
    quotas: quotaSettingsSchema.optional(),
    credentials: z.array(accountSchema).optional(),
    policy: connectionPolicySchema.optional(),
    rules: z.array(ruleSchema).optional(),
    /** [RC-10] milliseconds the broker takes to acknowledge a QoS 1 PUBLISH: keeps its identifier in use. */
    publishAcknowledgeDelayMs: positive.optional(),
  })
  .strict();

export type BrokerSettings = z.output<typeof brokerSettingsSchema>;
export type LimitName = keyof z.output<typeof limitSettingsSchema>;
export type QuotaName = keyof z.output<typeof quotaSettingsSchema>;
export type Account = z.output<typeof accountSchema>;

/**
 * A setting as a path: `limits.maxQueuedMessages`, `credentials.clientIds`, `policy`. Arrays of
 * objects count by their fields, so an adapter can take accounts without their client IDs.
 */
export type SettingPath = string;

/** The paths a settings object uses, each once. */
export function settingPaths(settings: BrokerSettings): SettingPath[] {
  const paths = new Set<SettingPath>();
  for (const [group, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    if (group === "limits" || group === "quotas")
      for (const key of Object.keys(value as object)) paths.add(`${group}.${key}`);
    else if (group === "credentials")
      for (const account of value as Account[])
        for (const key of Object.keys(account)) paths.add(`credentials.${key}`);
    else if (group === "certificates")
      for (const account of value as object[])
        for (const key of Object.keys(account)) paths.add(`certificates.${key}`);
    else paths.add(group);
  }
  return [...paths];
}

/** Every path the vocabulary has, for adapters that take everything and for descriptor checks. */
export const allSettingPaths: readonly SettingPath[] = [
  ...Object.keys(limitSettingsSchema.shape).map((key) => `limits.${key}`),
  ...Object.keys(quotaSettingsSchema.shape).map((key) => `quotas.${key}`),
  ...Object.keys(accountSchema.shape).map((key) => `credentials.${key}`),
  ...Object.keys(certificateAccountSchema.shape).map((key) => `certificates.${key}`),
  "policy",
  "rules",
  "publishAcknowledgeDelayMs",
];

type Unit = "bytes" | "s" | "ms" | "per second" | "";

/** How scenarios name each number in a `| setting | value |` table, and its unit. */
export const settingNames: Record<string, { path: SettingPath; unit: Unit }> = {
  "longest client identifier": { path: "limits.maxClientIdBytes", unit: "bytes" },
  "longest topic": { path: "limits.maxTopicBytes", unit: "bytes" },
  "most slashes in a topic": { path: "limits.maxTopicSlashes", unit: "" },
  "maximum packet size": { path: "limits.maximumPacketSize", unit: "bytes" },
  "topic alias maximum": { path: "limits.topicAliasMaximum", unit: "" },
  "receive maximum": { path: "limits.receiveMaximum", unit: "" },
  "stored messages per session": { path: "limits.maxQueuedMessages", unit: "" },
  "stored messages replayed": { path: "limits.queuedReplayPerSecond", unit: "per second" },
  "longest keep-alive": { path: "limits.maxKeepAliveSeconds", unit: "s" },
  "longest session expiry": { path: "limits.maxSessionExpirySeconds", unit: "s" },
  "MQTT 3.1.1 session expiry": { path: "limits.mqtt3SessionExpirySeconds", unit: "s" },
  "retained messages": { path: "limits.maxRetainedMessages", unit: "" },
  "connect timeout": { path: "limits.connectTimeoutMs", unit: "ms" },
  "highest QoS": { path: "limits.maximumQos", unit: "" },
  "retained messages available": { path: "limits.retainAvailable", unit: "" },
  "shortest keep-alive": { path: "limits.minKeepAliveSeconds", unit: "s" },
  "topic filters per SUBSCRIBE": { path: "limits.maxFiltersPerSubscribe", unit: "" },
  "subscriptions per session": { path: "limits.maxSubscriptionsPerSession", unit: "" },
  "CONNECTs per client identifier": { path: "limits.connectsPerSecondPerClientId", unit: "per second" },
  "bytes per connection": { path: "limits.maxBytesPerSecondPerConnection", unit: "per second" },
  "unacknowledged messages per client": { path: "limits.maxInflightMessages", unit: "" },
  connections: { path: "quotas.maxConnections", unit: "" },
  "members per shared group": { path: "quotas.maxSharedSubscriptionMembers", unit: "" },
  PUBLISHes: { path: "quotas.publishesPerSecond", unit: "per second" },
  "acknowledgement delay": { path: "publishAcknowledgeDelayMs", unit: "ms" },
};

/** "3", "300 ms", "1 s", "100 per second": the number, checked against the setting's unit. */
function parseValue(name: string, text: string, unit: Unit): number {
  const match = /^(\d+)\s*(bytes|s|ms|per second)?$/.exec(text.trim());
  if (!match) throw new Error(`the value of "${name}" is not a number${unit ? ` of ${unit}` : ""}: "${text}"`);
  const given = (match[2] ?? "") as Unit;
  if (given !== unit && !(given === "" && unit === "bytes"))
    throw new Error(`the value of "${name}" is in ${unit || "a plain number"}, not "${text}"`);
  return Number(match[1]);
}

/** What a scenario asked of the broker: the settings, and which of them only speed it up. */
export interface RequestedSettings {
  settings: BrokerSettings;
  /** Settings the scenario can do without: a broker that cannot be given them runs at its own. */
  optional: SettingPath[];
}

const optionalSuffix = /\s*\(if it can be set\)$/;

/**
 * Settings from `| setting | value |` rows; an unknown name fails with the names there are. A
 * value ending in "(if it can be set)" is optional; `short` stands for the shortest interval the
 * broker honours, a keep-alive for the longest keep-alive and an expiry otherwise
 * (support/harness/timing.ts).
 */
export function settingsFromRows(
  rows: readonly string[][],
  short: { expiry: number; keepAlive: number },
): RequestedSettings {
  const settings: Record<string, Record<string, number> | number> = {};
  const optional: SettingPath[] = [];
  for (const [name, cell] of rows) {
    const known = settingNames[name];
    if (!known) throw new Error(`no broker setting called "${name}"; known: ${Object.keys(settingNames).join(", ")}`);
    if (optionalSuffix.test(cell)) optional.push(known.path);
    const text = cell.replace(optionalSuffix, "");
    const shortSeconds =
      known.path === "limits.maxKeepAliveSeconds" || known.path === "limits.minKeepAliveSeconds"
        ? short.keepAlive
        : short.expiry;
    const value = text === "short" && known.unit === "s" ? shortSeconds : parseValue(name, text, known.unit);
    const [group, key] = known.path.split(".");
    if (key === undefined) settings[group] = value;
    else settings[group] = { ...(settings[group] as Record<string, number> | undefined), [key]: value };
  }
  return { settings: brokerSettingsSchema.parse(settings), optional };
}

/** The setting's name in scenarios, for messages ("stored messages per session"). */
export function nameOfSetting(path: SettingPath): string {
  return Object.entries(settingNames).find(([, known]) => known.path === path)?.[0] ?? path;
}
