// Profiles: the rule sets a broker is judged against, and what each one requires of a broker.
// A broker that lacks a protocol version or capability its profile requires gets the verdict
// "unsupported" for every scenario that needs it: it counts against conformance, and is never
// "not applicable". What a profile does not require, a broker may lack: scenarios that need it
// are then "not applicable", with the reason.
import type { Capability } from "./brokers/capabilities.ts";
import type { MqttVersionLabel } from "./harness/tags.ts";

export const profileNames = ["aws-iot-core", "oasis"] as const;
export type ProfileName = (typeof profileNames)[number];

export interface Profile {
  name: ProfileName;
  description: string;
  /** Protocol versions a broker must speak. */
  protocolVersions: readonly MqttVersionLabel[];
  /** Capabilities a broker must have. */
  capabilities: readonly Capability[];
}

export const profiles: Record<ProfileName, Profile> = {
  "aws-iot-core": {
    name: "aws-iot-core",
    description: "the AWS IoT Core message broker as its documentation describes it",
    // AWS IoT Core speaks both versions, offers shared subscriptions to both, retained messages and
    // wildcard subscriptions, and has its connection policy and rules engine; it is reached over
    // TLS (with X.509 client certificates, ALPN on port 443) and WSS, has an HTTPS data-plane API
    // and publishes lifecycle events
    protocolVersions: ["3.1.1", "5"],
    capabilities: [
      "shared-subscriptions",
      "retained-messages",
      "wildcard-subscriptions",
      "policy",
      "rules",
      "tls",
      "client-certificates",
      "websockets",
      "alpn-mqtt",
      "https-api",
      "lifecycle-events",
    ],
  },
  oasis: {
    name: "oasis",
    description: "the OASIS MQTT 3.1.1 and 5.0 specifications, statement by statement",
    // a broker may speak either version; shared subscriptions, retained messages and wildcard
    // subscriptions are optional in MQTT 5 (announced in CONNACK)
    protocolVersions: [],
    capabilities: [],
  },
};

export function profileRequiresVersion(profile: ProfileName, version: MqttVersionLabel): boolean {
  return profiles[profile].protocolVersions.includes(version);
}

export function profileRequiresCapability(profile: ProfileName, capability: Capability): boolean {
  return profiles[profile].capabilities.includes(capability);
}
