// [LIM-02] [LIM-03] How many topic filters one SUBSCRIBE may carry, and how many subscriptions one
// session may hold. A SUBSCRIBE over the first limit has none of its filters granted; a new filter
// over the second is refused on its own, and the subscriptions made before keep delivering.
import type { ISubscribePacket } from "mqtt-packet";
import type { Session } from "../sessions/session.ts";
import type { EffectiveLimits } from "./limits-config.ts";

export function tooManyFilters(limits: EffectiveLimits, packet: ISubscribePacket): string | undefined {
  const maximum = limits.maxFiltersPerSubscribe;
  if (maximum === undefined || packet.subscriptions.length <= maximum) return undefined;
  return `a SUBSCRIBE may carry at most ${maximum} topic filters, this one has ${packet.subscriptions.length}`;
}

/** Why one more subscription to `filter` would be too many for the session, or undefined. */
export function tooManySubscriptions(limits: EffectiveLimits, session: Session, filter: string): string | undefined {
  const maximum = limits.maxSubscriptionsPerSession;
  if (maximum === undefined || session.subscriptions.has(filter) || session.subscriptions.size < maximum)
    return undefined;
  return `the session already holds ${maximum} subscriptions`;
}
