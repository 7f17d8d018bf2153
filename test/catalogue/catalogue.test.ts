// The features against the catalogue: every scenario cites known IDs and says its versions;
// AWS-specific IDs are judged only under the aws-iot-core profile.
import { describe, expect, it } from "vitest";
import { capabilityNames } from "../../support/brokers/capabilities.ts";
import { loadCatalogue } from "../../support/catalogue/catalogue.ts";
import { coverageByGroup, unknownCitations } from "../../support/catalogue/coverage.ts";
import { overriddenByAws } from "../../support/catalogue/index.ts";
import { loadScenarios } from "../../support/catalogue/scenarios.ts";
import { profileNames } from "../../support/targets/target.ts";

const catalogue = loadCatalogue();
const scenarios = loadScenarios();
const kinds = new Map(catalogue.requirements.map((requirement) => [requirement.id, requirement.kind]));
const where = (scenario: (typeof scenarios)[number]) => `${scenario.uri}:${scenario.line} "${scenario.name}"`;

describe("the requirement catalogue", () => {
  it("holds the 155 IDs of the shared catalogue, grouped", () => {
    expect(catalogue.requirements).toHaveLength(155);
    expect(coverageByGroup(catalogue, []).map((group) => `${group.group}:${group.total}`)).toEqual([
      "QOS:9",
      "SES:18",
      "RET:14",
      "LWT:11",
      "MON:6",
      "ATR:3",
      "SHR:13",
      "M5:19",
      "RC:17",
      "DIF:7",
      "BAD:12",
      "TRN:6",
      "API:6",
      "EVT:8",
      "LIM:6",
    ]);
  });
});

describe("every scenario", () => {
  it("exists", () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it("cites only IDs of the catalogue", () => {
    expect(unknownCitations(catalogue, scenarios)).toEqual([]);
  });

  it("cites at least one ID", () => {
    expect(scenarios.filter((scenario) => scenario.requirements.length === 0).map(where)).toEqual([]);
  });

  it("says which protocol versions it covers", () => {
    expect(scenarios.filter((scenario) => scenario.versions.length === 0).map(where)).toEqual([]);
  });

  it("names a known profile and known capabilities", () => {
    const bad = scenarios.filter(
      (scenario) =>
        (scenario.profile !== undefined && !profileNames.includes(scenario.profile as never)) ||
        scenario.requires.some((capability) => !capabilityNames.includes(capability as never)),
    );
    expect(bad.map(where)).toEqual([]);
  });

  it("for brokers without MQTT 5 uses MQTT 3.1.1 alone", () => {
    const mixed = scenarios.filter(
      (scenario) => scenario.tagNames.includes("@without-mqtt5") && scenario.versions.join() !== "3.1.1",
    );
    expect(mixed.map(where)).toEqual([]);
  });

  it("for an OASIS statement AWS IoT Core overrides is judged under oasis only", () => {
    const misplaced = scenarios.filter(
      (scenario) => scenario.profile !== "oasis" && scenario.requirements.some(overriddenByAws),
    );
    expect(misplaced.map(where)).toEqual([]);
  });

  it("for an AWS-specific ID belongs to a profile", () => {
    const unprofiled = scenarios.filter(
      (scenario) => scenario.profile === undefined && scenario.requirements.some((id) => kinds.get(id) === "aws"),
    );
    expect(unprofiled.map(where)).toEqual([]);
  });
});

describe("a scenario that judges several requirements", () => {
  const prefixOf = (text: string) => /^\[([^\]]+)\] /.exec(text)?.[1];

  it("names one of them in front of every Then step, so a failure is charged to the right one", () => {
    const unnamed = scenarios.filter(
      (scenario) =>
        scenario.requirements.length > 1 &&
        scenario.steps.some((step) => step.type === "Outcome" && prefixOf(step.text) === undefined),
    );
    expect(unnamed.map(where)).toEqual([]);
  });

  it("gives each of them at least one step of its own", () => {
    const unjudged = scenarios.filter(
      (scenario) =>
        scenario.requirements.length > 1 &&
        scenario.requirements.some((id) => !scenario.steps.some((step) => prefixOf(step.text) === id)),
    );
    expect(unjudged.map(where)).toEqual([]);
  });

  it("names in front of a step only a requirement the scenario cites", () => {
    const stray = scenarios.filter((scenario) =>
      scenario.steps.some(
        (step) => prefixOf(step.text) !== undefined && !scenario.requirements.includes(prefixOf(step.text)!),
      ),
    );
    expect(stray.map(where)).toEqual([]);
  });
});

describe("coverage", () => {
  it.each(["QOS", "DIF"])("every %s ID has a scenario", (group) => {
    expect(coverageByGroup(catalogue, scenarios).find((entry) => entry.group === group)?.uncovered).toEqual([]);
  });
});
