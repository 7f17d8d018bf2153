import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  expectedVerdictsSchema,
  expectedVerdictsText,
  recordedVerdicts,
  type ExpectedVerdicts,
} from "../../support/brokers/expected-verdicts.ts";

const previous: ExpectedVerdicts = {
  "aws-iot-core": {
    failed: {
      "RC-03": "answers a wrong password with 0x87, not 0x86",
      "M5-02": "announces a Topic Alias Maximum of 10",
    },
    unsupported: {},
    unstable: {},
  },
  oasis: { failed: { "MQTT-3.1.2-22": "accepts a password without a user name" }, unsupported: {}, unstable: {} },
};

describe("recording a matrix run as expected verdicts", () => {
  const observed = [
    {
      profile: "aws-iot-core" as const,
      found: {
        failed: new Map([
          ["RC-03", "[RC-03] intruder: expected CONNACK 0x86, got CONNACK 0x87"],
          ["BAD-09", "[BAD-09] big: expected DISCONNECT 0x95, got no DISCONNECT"],
        ]),
        unsupported: new Map([["API-01", "mosquitto lacks an HTTPS publish API"]]),
      },
    },
  ];
  const { verdicts, added, removed } = recordedVerdicts(previous, observed);

  it("keeps the hand-written reason of an ID that still fails and adds new ones with what the broker did", () => {
    expect(verdicts["aws-iot-core"].failed).toEqual({
      "BAD-09": "big: expected DISCONNECT 0x95, got no DISCONNECT",
      "RC-03": "answers a wrong password with 0x87, not 0x86",
    });
    expect(verdicts["aws-iot-core"].unsupported).toEqual({ "API-01": "mosquitto lacks an HTTPS publish API" });
    expect(added).toEqual(["aws-iot-core failed BAD-09", "aws-iot-core unsupported API-01"]);
  });

  it("drops an ID that no longer fails, and leaves a profile the run did not cover as it was", () => {
    expect(removed).toEqual(["aws-iot-core failed M5-02"]);
    expect(verdicts.oasis).toEqual(previous.oasis);
  });

  it("writes a file that keeps its leading comment and parses as expected verdicts", () => {
    const text = expectedVerdictsText(
      "# Mosquitto's deviations\n# second line\naws-iot-core:\n  failed: {}\n",
      verdicts,
    );
    expect(text.startsWith("# Mosquitto's deviations\n# second line\naws-iot-core:")).toBe(true);
    expect(expectedVerdictsSchema.parse(parse(text))).toEqual(verdicts);
    expect(text).not.toContain("unstable");
  });

  it("keeps an unstable ID in its own list, not among the failed, and writes that list", () => {
    const sometimes = { "BAD-09": "closes the connection of a PUBLISH over the limit in some runs only" };
    const withUnstable = { ...previous, "aws-iot-core": { ...previous["aws-iot-core"], unstable: sometimes } };
    const recorded = recordedVerdicts(withUnstable, observed).verdicts;
    expect(recorded["aws-iot-core"].failed).not.toHaveProperty("BAD-09");
    expect(recorded["aws-iot-core"].unstable).toEqual(sometimes);
    expect(expectedVerdictsSchema.parse(parse(expectedVerdictsText("", recorded)))).toEqual(recorded);
  });
});
