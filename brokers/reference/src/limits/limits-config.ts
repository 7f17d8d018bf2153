// The message-broker limits AWS IoT Core documents [LIM-01..05], as options. Each one is optional:
// left out, it takes the AWS value under aws-iot-core and is off under oasis, which has none of
// them (`effectiveLimits`). Set, it applies under either profile.
import { z } from "zod";
import type { Profile } from "../config.ts";

export const brokerLimitsShape = {
  /** [LIM-01] shortest keep-alive served, seconds: a shorter non-zero request is served as this (AWS: 30). */
  minKeepAliveSeconds: z.number().int().positive().max(65535).optional(),
  /** [LIM-02] topic filters one SUBSCRIBE may carry; one carrying more has none granted (AWS: 8). */
  maxFiltersPerSubscribe: z.number().int().positive().optional(),
  /** [LIM-03] subscriptions one session may hold; a SUBSCRIBE beyond is refused with 0x97 (AWS: 50). */
  maxSubscriptionsPerSession: z.number().int().positive().optional(),
  /** [LIM-04] accepted CONNECTs per second for one client identifier; one more is refused (AWS: 1). */
  connectsPerSecondPerClientId: z.number().int().positive().optional(),
  /** [LIM-05] bytes per second one connection may send; more is delayed, never refused (AWS: 512 KiB). */
  maxBytesPerSecondPerConnection: z.number().int().positive().optional(),
};

/** The AWS IoT Core values. */
export const awsLimitDefaults = {
  minKeepAliveSeconds: 30,
  maxFiltersPerSubscribe: 8,
  maxSubscriptionsPerSession: 50,
  connectsPerSecondPerClientId: 1,
  maxBytesPerSecondPerConnection: 512 * 1024,
} as const;

export type BrokerLimitName = keyof typeof awsLimitDefaults;
export type EffectiveLimits = Record<BrokerLimitName, number | undefined>;

/** The limits in force: set ones as set, the rest AWS's under aws-iot-core and none under oasis. */
export function effectiveLimits(
  profile: Profile,
  limits: Partial<Record<BrokerLimitName, number | undefined>>,
): EffectiveLimits {
  const entries = (Object.keys(awsLimitDefaults) as BrokerLimitName[]).map((name) => [
    name,
    limits[name] ?? (profile === "aws-iot-core" ? awsLimitDefaults[name] : undefined),
  ]);
  return Object.fromEntries(entries) as EffectiveLimits;
}
