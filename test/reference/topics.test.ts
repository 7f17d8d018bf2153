// Topic name, topic filter and client identifier checks [DIF-06] [SHR-02] [BAD-05].
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../brokers/reference/src/config.ts";
import {
  clientIdProblem,
  parseSharedFilter,
  topicFilterProblem,
  topicNameProblem,
} from "../../brokers/reference/src/topics.ts";

const limits = resolveConfig({}).limits;
const levels = (count: number) => Array.from({ length: count }, (_, index) => `l${index}`).join("/");

describe("topicNameProblem", () => {
  it.each([
    ["a/b", undefined],
    [levels(8), undefined],
    [levels(9), "topic name has more than 7 slashes"],
    ["x".repeat(256), undefined],
    ["x".repeat(257), "topic name is longer than 256 bytes"],
    ["é".repeat(129), "topic name is longer than 256 bytes"], // 258 bytes in UTF-8
    ["a/+", "topic name contains a wildcard"],
    ["a/#", "topic name contains a wildcard"],
    ["", "topic name is empty"],
    ["a\u0000b", "topic name contains U+0000"],
  ])("%j → %s", (topic, problem) => {
    expect(topicNameProblem(topic, limits)).toBe(problem);
  });
});

describe("topicFilterProblem", () => {
  it.each([
    ["a/+/c", undefined],
    ["#", undefined],
    ["a/#", undefined],
    ["a/#/c", "`#` must be the last level, alone"],
    ["a#", "`#` must be the last level, alone"],
    ["a/b+", "`+` must fill a whole level"],
    [levels(9), "topic filter has more than 7 slashes"],
    [`$share/group/${levels(8)}`, undefined], // [DIF-06] `$share/{name}/` does not count
    ["$share/group", "shared subscription has no topic filter"],
    ["$share//t", "share name is empty"],
    ["$share/g+/t", "share name contains a wildcard"],
    [`$share/${"n".repeat(129)}/t`, "share name is longer than 128 bytes"],
  ])("%j → %s", (filter, problem) => {
    expect(topicFilterProblem(filter, limits)).toBe(problem);
  });
});

describe("parseSharedFilter", () => {
  it("splits the share name from the topic filter", () => {
    expect(parseSharedFilter("$share/consumer1/sports/#")).toEqual({
      shareName: "consumer1",
      topicFilter: "sports/#",
    });
    expect(parseSharedFilter("sports/#")).toBeUndefined();
  });
});

describe("clientIdProblem", () => {
  it("allows 128 bytes and refuses 129", () => {
    expect(clientIdProblem("c".repeat(128), limits)).toBeUndefined();
    expect(clientIdProblem("c".repeat(129), limits)).toBe("client identifier is longer than 128 bytes");
  });
});
