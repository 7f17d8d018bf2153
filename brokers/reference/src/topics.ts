// Topic names and topic filters: parsing shared subscriptions and checking the limits of the
// profile. Each check returns the reason a topic is refused, or undefined when it is acceptable.
import type { Limits } from "./config.ts";

export interface SharedFilter {
  shareName: string;
  topicFilter: string;
}

const sharePrefix = "$share/";
/** [SHR-02] ShareName at most 128 bytes. */
const maxShareNameBytes = 128;

/** `$share/{ShareName}/{TopicFilter}` split in two; undefined for a non-shared filter. */
export function parseSharedFilter(filter: string): SharedFilter | undefined {
  if (!filter.startsWith(sharePrefix)) return undefined;
  const rest = filter.slice(sharePrefix.length);
  const slash = rest.indexOf("/");
  if (slash < 0) return { shareName: rest, topicFilter: "" };
  return { shareName: rest.slice(0, slash), topicFilter: rest.slice(slash + 1) };
}

function slashCount(text: string): number {
  let count = 0;
  for (const ch of text) if (ch === "/") count++;
  return count;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** [MQTT-1.5.3-2] U+0000 is never allowed in a UTF-8 string. */
function hasNullCharacter(text: string): boolean {
  return text.includes("\u0000");
}

/** Why a PUBLISH topic name is refused, or undefined. */
export function topicNameProblem(topic: string, limits: Limits): string | undefined {
  if (topic.length === 0) return "topic name is empty";
  if (hasNullCharacter(topic)) return "topic name contains U+0000";
  // [BAD-05] [MQTT-3.3.2-2] wildcards are not allowed in a topic name
  if (topic.includes("+") || topic.includes("#")) return "topic name contains a wildcard";
  // [DIF-06]
  if (byteLength(topic) > limits.maxTopicBytes) return `topic name is longer than ${limits.maxTopicBytes} bytes`;
  if (slashCount(topic) > limits.maxTopicSlashes) return `topic name has more than ${limits.maxTopicSlashes} slashes`;
  return undefined;
}

/** Why a topic filter (shared or not) is refused, or undefined. */
export function topicFilterProblem(filter: string, limits: Limits): string | undefined {
  if (filter.length === 0) return "topic filter is empty";
  if (hasNullCharacter(filter)) return "topic filter contains U+0000";
  const shared = parseSharedFilter(filter);
  if (shared) {
    // [SHR-02]
    if (shared.shareName.length === 0) return "share name is empty";
    if (/[+#]/.test(shared.shareName)) return "share name contains a wildcard";
    if (byteLength(shared.shareName) > maxShareNameBytes)
      return `share name is longer than ${maxShareNameBytes} bytes`;
    if (shared.topicFilter.length === 0) return "shared subscription has no topic filter";
  }
  const topicFilter = shared ? shared.topicFilter : filter;
  if (byteLength(topicFilter) > limits.maxTopicBytes)
    return `topic filter is longer than ${limits.maxTopicBytes} bytes`;
  // [DIF-06] the two slashes of `$share/{name}/` are not counted
  if (slashCount(topicFilter) > limits.maxTopicSlashes)
    return `topic filter has more than ${limits.maxTopicSlashes} slashes`;
  const levels = topicFilter.split("/");
  for (const [index, level] of levels.entries()) {
    // [MQTT-4.7.1-2] `#` alone and last; [MQTT-4.7.1-3] `+` fills a whole level
    if (level.includes("#") && (level !== "#" || index !== levels.length - 1))
      return "`#` must be the last level, alone";
    if (level.includes("+") && level !== "+") return "`+` must fill a whole level";
  }
  return undefined;
}

/** [RET-03] topics reserved by AWS IoT Core. */
export function isReservedTopic(topic: string): boolean {
  return topic.startsWith("$aws/");
}

/** [DIF-06] client identifier limit. */
export function clientIdProblem(clientId: string, limits: Limits): string | undefined {
  if (hasNullCharacter(clientId)) return "client identifier contains U+0000";
  if (byteLength(clientId) > limits.maxClientIdBytes)
    return `client identifier is longer than ${limits.maxClientIdBytes} bytes`;
  return undefined;
}
