// Every subscription of every session, connected or not, in a tree of topic levels, so finding
// the subscriptions that match a topic costs the levels of the topic and the matching filters,
// not every filter the broker holds. Shared groups are also indexed by their full filter, for
// choosing a member [SHR-03]. The profile rules of topicMatches (matcher.ts) apply: `#` matches
// its parent level only under `oasis` [DIF-01], and a `$` topic is not matched by a filter that
// starts with a wildcard [DIF-07].
import type { Profile } from "../config.ts";
import type { Session, Subscription } from "../sessions/session.ts";

/** Subscriptions ending at one node: by the filter as subscribed (`$share/...` included), then by session. */
type Holders = Map<string, Map<Session, Subscription>>;

interface TrieNode {
  children: Map<string, TrieNode>;
  holders: Holders;
}

const newNode = (): TrieNode => ({ children: new Map(), holders: new Map() });

export type MatchVisitor = (session: Session, subscription: Subscription) => void;

export class SubscriptionIndex {
  private readonly root = newNode();
  /** Shared groups by their full filter (`$share/g/t`): the members. */
  private readonly groups = new Map<string, Map<Session, Subscription>>();

  constructor(private readonly profile: Profile) {}

  add(session: Session, subscription: Subscription): void {
    let node = this.root;
    for (const level of subscription.topicFilter.split("/")) {
      let child = node.children.get(level);
      if (!child) node.children.set(level, (child = newNode()));
      node = child;
    }
    let holders = node.holders.get(subscription.filter);
    if (!holders) node.holders.set(subscription.filter, (holders = new Map()));
    holders.set(session, subscription);
    if (subscription.shareName !== undefined) {
      let members = this.groups.get(subscription.filter);
      if (!members) this.groups.set(subscription.filter, (members = new Map()));
      members.set(session, subscription);
    }
  }

  remove(session: Session, subscription: Subscription): void {
    this.removeFrom(this.root, subscription.topicFilter.split("/"), 0, session, subscription.filter);
    const members = this.groups.get(subscription.filter);
    members?.delete(session);
    if (members?.size === 0) this.groups.delete(subscription.filter);
  }

  /** Calls `visit` for each subscription whose filter matches the topic. */
  match(topic: string, visit: MatchVisitor): void {
    this.walk(this.root, topic.split("/"), 0, topic.startsWith("$"), visit);
  }

  /** The members of a shared group, connected or not. */
  members(groupFilter: string): ReadonlyMap<Session, Subscription> {
    return this.groups.get(groupFilter) ?? new Map();
  }

  private walk(
    node: TrieNode,
    levels: readonly string[],
    index: number,
    reserved: boolean,
    visit: MatchVisitor,
  ): void {
    // [DIF-07] [MQTT-4.7.2-1] no wildcard at the first level matches a topic starting with `$`
    const wildcards = !(reserved && index === 0);
    const multiLevel = wildcards ? node.children.get("#") : undefined;
    if (index === levels.length) {
      visitAll(node.holders, visit);
      // [DIF-01] `sensor/#` matches `sensor` itself under oasis [MQTT-4.7.1-2], not for AWS
      if (multiLevel && this.profile === "oasis") visitAll(multiLevel.holders, visit);
      return;
    }
    if (multiLevel) visitAll(multiLevel.holders, visit);
    const exact = node.children.get(levels[index]);
    if (exact) this.walk(exact, levels, index + 1, reserved, visit);
    const singleLevel = wildcards ? node.children.get("+") : undefined;
    if (singleLevel) this.walk(singleLevel, levels, index + 1, reserved, visit);
  }

  /** Removes one holder and prunes the nodes left empty on the way back up. */
  private removeFrom(
    node: TrieNode,
    levels: readonly string[],
    index: number,
    session: Session,
    filter: string,
  ): void {
    if (index === levels.length) {
      const holders = node.holders.get(filter);
      holders?.delete(session);
      if (holders?.size === 0) node.holders.delete(filter);
      return;
    }
    const child = node.children.get(levels[index]);
    if (!child) return;
    this.removeFrom(child, levels, index + 1, session, filter);
    if (child.children.size === 0 && child.holders.size === 0) node.children.delete(levels[index]);
  }
}

function visitAll(holders: Holders, visit: MatchVisitor): void {
  for (const bySession of holders.values())
    for (const [session, subscription] of bySession) visit(session, subscription);
}
