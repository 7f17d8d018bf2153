// Which subscriptions each client of a scenario was granted: an absence claim ("receives nothing
// on …") means something only on a subscription whose grant the scenario checked, so the
// absence steps refuse to run without one (a scenario that forgot to subscribe cannot pass).

/**
 * Whether `filter` could bring a message on `topic` on some broker, right or wrong: under either
 * profile (`#` also matching its parent, `$` topics included), and on a broker that strips U+FEFF
 * or normalizes Unicode, which the scenarios about those rules are there to catch.
 */
export function couldMatch(filter: string, topic: string): boolean {
  const loosely = (text: string) => text.replace(/\uFEFF/g, "").normalize("NFC");
  const unshared = loosely(/^\$share\/[^/]*\/(.*)$/s.exec(filter)?.[1] ?? filter);
  const filterLevels = unshared.split("/");
  const topicLevels = loosely(topic).split("/");
  for (let index = 0; index < filterLevels.length; index++) {
    const level = filterLevels[index];
    if (level === "#") return true;
    if (index >= topicLevels.length) return false;
    if (level !== "+" && level !== topicLevels[index]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** Granted filters per client name, for the life of the scenario (a resumed session keeps them). */
export class Grants {
  private readonly granted = new Map<string, Set<string>>();

  record(name: string, filter: string): void {
    let filters = this.granted.get(name);
    if (!filters) this.granted.set(name, (filters = new Set()));
    filters.add(filter);
  }

  /**
   * Throws unless the client holds a granted subscription of the scenario that could bring a
   * message on the topic: one matching it on some broker, or one in the scenario's namespace (a
   * scenario about matching claims that a filter does not match).
   */
  requireFor(name: string, topic: string, namespace: string): void {
    const filters = [...(this.granted.get(name) ?? [])];
    if (
      filters.some((filter) => couldMatch(filter, topic) || (filter.includes(namespace) && topic.includes(namespace)))
    )
      return;
    throw new Error(
      `the scenario claims "${name}" receives nothing on ${JSON.stringify(topic)}, ` +
        `but "${name}" holds no granted subscription that could bring it one ` +
        `(granted: ${filters.map((filter) => JSON.stringify(filter)).join(", ") || "none"}): such a claim cannot fail`,
    );
  }
}
