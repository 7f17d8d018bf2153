// Capabilities: features a broker may have or lack. A profile requires some of them
// (support/profiles.ts): lacking one of those is the verdict "unsupported". Lacking one the
// profile does not require makes the scenarios that need it "not applicable". Limits, timers and
// quotas are not capabilities: they are settings (support/brokers/settings.ts) that scenarios
// adapt to.

export const capabilities = {
  "shared-subscriptions":
    "shared subscriptions ($share/{ShareName}/{TopicFilter}) that share messages among the group",
  "retained-messages": "retained messages",
  "wildcard-subscriptions": "subscriptions with + and # wildcards",
  policy: "an AWS IoT-style connection policy (which client IDs connect, with which connectAttributes)",
  rules: "an AWS IoT-style rules engine (SQL over each message, republish and HTTP actions)",
  "admin-api": "an administrative interface the suite can call to disconnect a client",
  "qos-2": "QoS 2, exactly-once delivery (an MQTT 5 CONNACK without a Maximum QoS below 2)",
  "subscription-identifiers": "Subscription Identifiers on SUBSCRIBE, carried on the messages they match (MQTT 5)",
  "topic-aliases": "topic aliases in a client's PUBLISH packets (an MQTT 5 Topic Alias Maximum above 0)",
  "zero-length-client-id": "connections with an empty client identifier, given an assigned one",
  "enhanced-authentication": "an enhanced authentication method over AUTH packets (MQTT 5), SCRAM-SHA-256 here",
  tls: "MQTT over TLS 1.2 / 1.3 on a listener of its own (the descriptor's endpoints.tls)",
  "client-certificates": "MQTT over TLS with a client certificate required and verified against a CA (endpoints.x509)",
  websockets: "MQTT over WebSocket, subprotocol mqtt (endpoints.wss or endpoints.ws)",
  "alpn-mqtt":
    "one TLS port that serves MQTT for the ALPN protocol x-amzn-mqtt-ca and HTTPS otherwise (endpoints.shared)",
  "https-api": "AWS IoT Core's HTTPS data-plane API: publish, GetRetainedMessage, ListRetainedMessages",
  "lifecycle-events": "AWS IoT Core's lifecycle events on $aws/events/presence/... and $aws/events/subscriptions/...",
} as const;

export type Capability = keyof typeof capabilities;

export const capabilityNames = Object.keys(capabilities) as Capability[];

export function isCapability(name: string): name is Capability {
  return name in capabilities;
}
