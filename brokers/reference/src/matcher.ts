// Topic filter matching. The two profiles differ in one place: under `aws-iot-core` a filter
// ending in `/#` does not match the parent level itself [DIF-01]; under `oasis` it does
// [MQTT-4.7.1-2].
import type { Profile } from "./config.ts";

export function topicMatches(filter: string, topic: string, profile: Profile): boolean {
  // [DIF-07] [MQTT-4.7.2-1] a filter starting with a wildcard does not match a `$` topic
  if (topic.startsWith("$") && (filter.startsWith("#") || filter.startsWith("+"))) return false;

  const filterLevels = filter.split("/");
  const topicLevels = topic.split("/");
  for (let index = 0; index < filterLevels.length; index++) {
    const level = filterLevels[index];
    if (level === "#") {
      const parentOnly = index === topicLevels.length;
      // [DIF-01] `sensor/#` matches `sensor/` and below but, for AWS, not `sensor`
      return parentOnly ? profile === "oasis" : true;
    }
    if (index >= topicLevels.length) return false;
    if (level !== "+" && level !== topicLevels[index]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

export function isWildcardFilter(filter: string): boolean {
  return filter.includes("+") || filter.includes("#");
}
