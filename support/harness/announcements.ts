// What an MQTT 5 broker announces in CONNACK, held against what its descriptor declares (and the
// settings the scenario gave it). A capability the descriptor claims but the CONNACK denies (or
// the reverse) is the broker's failure of the requirement that states the announcement; a limit
// that differs is a wrong descriptor or an adapter that did not apply a setting: the suite's
// scenarios adapt to those values, so they must be true.
import type { IConnackPacket } from "mqtt-packet";
import type { Capability } from "../brokers/capabilities.ts";
import type { LimitName } from "../brokers/settings.ts";
import type { ConformanceWorld } from "./world.ts";

export interface Mismatch {
  /** The requirement a capability mismatch fails; none for a limit (the descriptor is wrong). */
  requirement?: string;
  description: string;
}

type AvailabilityProperty =
  | "sharedSubscriptionAvailable"
  | "retainAvailable"
  | "wildcardSubscriptionAvailable"
  | "subscriptionIdentifiersAvailable";

/** Capabilities a CONNACK announces; where a requirement states the announcement, a mismatch fails it. */
const capabilityAnnouncements: Array<{
  capability: Capability;
  property: AvailabilityProperty;
  requirement?: string;
}> = [
  { capability: "shared-subscriptions", property: "sharedSubscriptionAvailable", requirement: "SHR-13" },
  { capability: "retained-messages", property: "retainAvailable", requirement: "RET-14" },
  { capability: "wildcard-subscriptions", property: "wildcardSubscriptionAvailable", requirement: "M5-17" },
  { capability: "subscription-identifiers", property: "subscriptionIdentifiersAvailable" },
];

/** Limits a CONNACK announces, and the value an absent property means. */
const limitAnnouncements: Array<{
  limit: LimitName;
  property: "maximumPacketSize" | "topicAliasMaximum" | "receiveMaximum" | "maximumQoS" | "retainAvailable";
  absent: number | "none";
}> = [
  { limit: "maximumPacketSize", property: "maximumPacketSize", absent: "none" },
  { limit: "topicAliasMaximum", property: "topicAliasMaximum", absent: 0 },
  { limit: "receiveMaximum", property: "receiveMaximum", absent: 65535 },
  { limit: "maximumQos", property: "maximumQoS", absent: 2 },
  { limit: "retainAvailable", property: "retainAvailable", absent: 1 },
];

export function announcementMismatches(world: ConformanceWorld, connack: IConnackPacket): Mismatch[] {
  const { descriptor } = world.target;
  const properties = connack.properties ?? {};
  const mismatches: Mismatch[] = [];
  for (const { capability, property, requirement } of capabilityAnnouncements) {
    const announced = properties[property] ?? true;
    const declared = descriptor.capabilities.includes(capability);
    if (announced !== declared) {
      mismatches.push({
        ...(requirement ? { requirement } : {}),
        description:
          `the broker's descriptor ${declared ? "declares" : "does not declare"} ${capability}, ` +
          `but its CONNACK announces ${property} ${announced ? 1 : 0}`,
      });
    }
  }
  for (const { limit, property, absent } of limitAnnouncements) {
    const expected = world.limit(limit);
    if (expected === undefined) continue;
    const value = properties[property];
    const announced = typeof value === "boolean" ? Number(value) : (value ?? absent);
    if (announced !== expected) {
      mismatches.push({
        description:
          `the broker runs with ${limit} ${expected} (its descriptor, or the scenario's settings), ` +
          `but its CONNACK announces ${property} ${announced}: fix the descriptor's limits or its adapter`,
      });
    }
  }
  return mismatches;
}
