// Topic filter matching under both profiles.
import { describe, expect, it } from "vitest";
import { topicMatches } from "../../brokers/reference/src/matcher.ts";

describe("topicMatches", () => {
  it.each([
    // filter, topic, aws-iot-core, oasis
    ["sensor/#", "sensor", false, true], // [DIF-01] the parent level
    ["sensor/#", "sensor/", true, true],
    ["sensor/#", "sensor/temperature", true, true],
    ["sensor/#", "sensor/temperature/room1", true, true],
    ["sensor/#", "sensors", false, false],
    ["#", "anything/at/all", true, true],
    ["#", "/leading", true, true],
    ["+", "one", true, true],
    ["+", "one/two", false, false],
    ["+/+", "/x", true, true], // `+` matches an empty level
    ["a/+/c", "a/b/c", true, true],
    ["a/+/c", "a/b/d", false, false],
    ["a/b", "a/b", true, true],
    ["a/b", "a/b/c", false, false],
    ["a/b/c", "a/b", false, false],
    ["#", "$aws/things/lamp", false, false], // [DIF-07]
    ["+/things/lamp", "$aws/things/lamp", false, false],
    ["$aws/#", "$aws/things/lamp", true, true],
    ["$aws/+/lamp", "$aws/things/lamp", true, true],
  ])("%s vs %s: aws %s, oasis %s", (filter, topic, aws, oasis) => {
    expect(topicMatches(filter, topic, "aws-iot-core")).toBe(aws);
    expect(topicMatches(filter, topic, "oasis")).toBe(oasis);
  });
});
