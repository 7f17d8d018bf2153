// The limits steps count up to, as scenarios name them, and the setting each one is: a step that
// fills a limit asks the broker's own value (set by the scenario, or declared), so the same
// scenario probes both sides of the boundary on any broker.
import type { LimitName } from "../brokers/settings.ts";

export const limitKinds = {
  "the stored-message limit": "maxQueuedMessages",
  "the in-flight limit": "maxInflightMessages",
  "the filters-per-SUBSCRIBE limit": "maxFiltersPerSubscribe",
  "the subscription limit": "maxSubscriptionsPerSession",
} as const satisfies Record<string, LimitName>;

export type LimitKind = (typeof limitKinds)[keyof typeof limitKinds];

export const limitKindPattern = new RegExp(Object.keys(limitKinds).join("|"));

export function limitKindOf(text: string): LimitKind {
  const kind = limitKinds[text as keyof typeof limitKinds];
  if (!kind) throw new Error(`no limit called "${text}"; known: ${Object.keys(limitKinds).join(", ")}`);
  return kind;
}
