// The subscription index finds exactly the subscriptions topicMatches accepts, under both
// profiles: the matcher's own table, then every pair of a small alphabet of filters and topics.
import { describe, expect, it } from "vitest";
import type { Profile } from "../../../brokers/reference/src/config.ts";
import { topicMatches } from "../../../brokers/reference/src/matcher.ts";
import { Session, type Subscription } from "../../../brokers/reference/src/sessions/session.ts";
import { SubscriptionIndex } from "../../../brokers/reference/src/subscriptions/subscription-index.ts";

const session = (clientId: string) =>
  new Session({
    clientId,
    protocolVersion: 5,
    expiryIntervalSeconds: 0,
    queueLimits: { maxMessages: 10, maxBytes: 1000 },
  });

function subscription(filter: string): Subscription {
  const shared = /^\$share\/([^/]+)\/(.*)$/.exec(filter);
  return {
    filter,
    topicFilter: shared ? shared[2] : filter,
    shareName: shared?.[1],
    qos: 0,
    noLocal: false,
    retainAsPublished: false,
    retainHandling: 0,
  };
}

function matchedFilters(index: SubscriptionIndex, topic: string): string[] {
  const found: string[] = [];
  index.match(topic, (_session, matched) => found.push(matched.filter));
  return found.sort();
}

const levels = ["a", "b", "", "$aws", "+", "#"];
const filters = new Set<string>();
const topics = new Set<string>();
for (const first of levels) {
  for (const second of [undefined, ...levels]) {
    for (const third of [undefined, ...levels]) {
      const parts = [first, second, third].filter((part): part is string => part !== undefined);
      const filter = parts.join("/");
      if (!parts.slice(0, -1).includes("#") && !(second === undefined && third !== undefined)) filters.add(filter);
      if (!parts.some((part) => part === "+" || part === "#") && !(second === undefined && third !== undefined))
        topics.add(filter);
    }
  }
}

describe.each<Profile>(["aws-iot-core", "oasis"])("SubscriptionIndex under %s", (profile) => {
  const index = new SubscriptionIndex(profile);
  const holder = session("holder");
  for (const filter of filters) index.add(holder, subscription(filter));

  it(`matches as topicMatches does, for ${filters.size} filters × ${topics.size} topics`, () => {
    for (const topic of topics) {
      const expected = [...filters].filter((filter) => topicMatches(filter, topic, profile)).sort();
      expect(matchedFilters(index, topic), topic).toEqual(expected);
    }
  });

  it("forgets a removed subscription, and only that session's", () => {
    const other = session("other");
    const local = new SubscriptionIndex(profile);
    local.add(holder, subscription("x/+"));
    local.add(other, subscription("x/+"));
    local.remove(holder, subscription("x/+"));
    const sessions: string[] = [];
    local.match("x/y", (matched) => sessions.push(matched.clientId));
    expect(sessions).toEqual(["other"]);
    local.remove(other, subscription("x/+"));
    expect(matchedFilters(local, "x/y")).toEqual([]);
  });

  it("lists the members of a shared group by its full filter", () => {
    const local = new SubscriptionIndex(profile);
    const [first, second] = [session("first"), session("second")];
    local.add(first, subscription("$share/g/t"));
    local.add(second, subscription("$share/g/t"));
    local.add(second, subscription("$share/h/t"));
    expect([...local.members("$share/g/t").keys()].map((member) => member.clientId)).toEqual(["first", "second"]);
    local.remove(first, subscription("$share/g/t"));
    expect([...local.members("$share/g/t").keys()].map((member) => member.clientId)).toEqual(["second"]);
    expect(matchedFilters(local, "t")).toEqual(["$share/g/t", "$share/h/t"]);
  });
});
