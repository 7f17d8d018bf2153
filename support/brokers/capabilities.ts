// Capabilities: features a broker may have or lack. A profile requires some of them
// (support/profiles.ts): lacking one of those is the verdict "unsupported". Lacking one the
// profile does not require makes the scenarios that need it "not applicable". Limits, timers and
// quotas are not capabilities: they are settings (support/brokers/settings.ts) that scenarios
// adapt to.

export const capabilities = {
  "shared-subscriptions": "shared subscriptions ($share/{ShareName}/{TopicFilter}) that share messages among the group",
  "retained-messages": "retained messages",
  "wildcard-subscriptions": "subscriptions with + and # wildcards",
  policy: "an AWS IoT-style connection policy (which client IDs connect, with which connectAttributes)",
  rules: "an AWS IoT-style rules engine (SQL over each message, republish and HTTP actions)",
  "admin-api": "an administrative interface the suite can call to disconnect a client",
} as const;

export type Capability = keyof typeof capabilities;

export const capabilityNames = Object.keys(capabilities) as Capability[];

export function isCapability(name: string): name is Capability {
  return name in capabilities;
}
