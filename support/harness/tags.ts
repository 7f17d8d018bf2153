// What a scenario's tags say about it: the requirements it checks, the profile it belongs to,
// the capabilities it needs, and the protocol versions it covers. (`@without-mqtt5` marks the
// MQTT 3.1.1 stand-in of a mixed-version scenario, run only on brokers without MQTT 5: see
// support/run/run-suite.ts.)

export type MqttVersionLabel = "3.1.1" | "5";

export interface ScenarioTags {
  requirements: string[];
  /** `@profile:<name>`: the scenario runs only under that profile. */
  profile?: string;
  /** `@requires:<capability>` */
  requires: string[];
  /** `@mqtt311` / `@mqtt5` */
  versions: MqttVersionLabel[];
}

const versionTags: Record<string, MqttVersionLabel> = { "@mqtt311": "3.1.1", "@mqtt5": "5" };

export function readTags(tags: readonly string[]): ScenarioTags {
  const valuesOf = (prefix: string): string[] =>
    tags.filter((tag) => tag.startsWith(prefix)).map((tag) => tag.slice(prefix.length));
  const versions = [...new Set(tags.map((tag) => versionTags[tag]).filter((version) => version !== undefined))];
  return {
    requirements: [...new Set(valuesOf("@req:"))],
    profile: valuesOf("@profile:")[0],
    requires: [...new Set(valuesOf("@requires:"))],
    versions: versions.sort(),
  };
}

/** "3.1.1", "5", or "3.1.1+5" when a scenario uses both. */
export function versionLabel(versions: readonly MqttVersionLabel[]): string {
  return versions.length === 0 ? "unspecified" : versions.join("+");
}
