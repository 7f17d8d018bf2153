// Capabilities a broker may lack without being wrong for a profile. A scenario needing one the
// broker under test lacks is reported "not applicable" with the capability as the reason.

export const capabilities = {
  "shared-subscriptions": "supports $share/{ShareName}/{TopicFilter} subscriptions",
  "short-keep-alive": "enforces keep-alive intervals of 1-3 s within 1.5 x keep-alive",
  "short-session-expiry": "expires sessions and messages on intervals of 1-3 s",
  "broker-configuration": "can be started with limits chosen by the scenario (queue, retained, quota, timeouts)",
  policy: "enforces a connection policy per client identifier (connect, PersistentConnect, LastWill)",
  rules: "runs rules (SQL over the payload) with republish and HTTP actions",
  "admin-api": "can disconnect a client by administrative action",
} as const;

export type Capability = keyof typeof capabilities;

export const capabilityNames = Object.keys(capabilities) as Capability[];
