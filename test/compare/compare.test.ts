// "Moving from AWS IoT Core to broker X": failures and missing features are changes, each in the
// project's plain words (or a sentence made from the statement), grouped by area; not applicable
// is listed apart as not checked.
import { describe, expect, it } from "vitest";
import { loadCatalogue, type Catalogue } from "../../support/catalogue/catalogue.ts";
import {
  compareWithAws,
  fallbackSentence,
  loadDeviceChanges,
  renderComparisonHtml,
  renderComparisonMarkdown,
} from "../../support/compare/compare.ts";
import { requirement, runResults, scenarioResult as scenario } from "../fixtures/runs.ts";

const catalogue: Catalogue = {
  sources: { s: "source" },
  groups: { RET: "Retained messages", DIF: "Differences", SHR: "Shared subscriptions" },
  requirements: [
    requirement("RET-01", "Retained kept.", { kind: "spec" }),
    requirement("RET-06", "No retained on wildcards."),
    requirement("DIF-01", "`sensor/#` does not match `sensor`."),
    requirement("SHR-01", "Shared subscriptions for MQTT 3.1.1."),
    requirement("SHR-99", "A Statement with no sentence of its own.", { versions: ["5"] }),
  ],
};

const run = runResults([
  scenario(["RET-01"], "passed"),
  scenario(["RET-06"], "failed", "[RET-06] sends the retained message to site/+"),
  scenario(["DIF-01"], "failed", "[DIF-01] delivers sensor to sensor/#"),
  scenario(["SHR-01"], "unsupported", "lacks shared subscriptions for MQTT 3.1.1"),
  scenario(["SHR-99"], "not-applicable", "does not speak MQTT 5"),
]);

describe("compareWithAws", () => {
  const comparison = compareWithAws(catalogue, run, loadDeviceChanges());

  it("lists failures and missing features as changes, grouped by area, in plain words", () => {
    expect(comparison.areas.map((area) => [area.group, area.changes.map((change) => change.id)])).toEqual([
      ["RET", ["RET-06"]],
      ["DIF", ["DIF-01"]],
      ["SHR", ["SHR-01"]],
    ]);
    expect(comparison.areas[0].changes[0]).toEqual({
      id: "RET-06",
      verdict: "failed",
      sentence: "Retained messages will also arrive on wildcard subscriptions.",
      observed: "[RET-06] sends the retained message to site/+",
    });
    expect(comparison.areas[1].changes[0].sentence).toBe(
      "A subscription to sensor/# will also receive messages published on sensor itself.",
    );
    expect(comparison.same).toBe(1);
  });

  it("lists not applicable apart, as not checked", () => {
    expect(comparison.notChecked).toEqual([{ id: "SHR-99", reason: "does not speak MQTT 5" }]);
  });

  it("makes a sentence from the statement for an ID without one", () => {
    const without = compareWithAws(catalogue, { ...run, scenarios: [scenario(["SHR-99"], "failed", "x")] }, {});
    expect(without.areas[0].changes[0].sentence).toBe(
      "Devices can no longer count on this AWS IoT Core behaviour: a Statement with no sentence of its own.",
    );
    expect(fallbackSentence("The broker keeps it.")).toBe(
      "Devices can no longer count on this AWS IoT Core behaviour: the broker keeps it.",
    );
  });

  it("refuses a run under another profile", () => {
    expect(() => compareWithAws(catalogue, { ...run, profile: "oasis" }, {})).toThrow(
      "compare needs a run under the aws-iot-core profile, not oasis",
    );
  });

  it("renders Markdown and HTML", () => {
    const markdown = renderComparisonMarkdown(comparison);
    expect(markdown).toContain("# Moving from AWS IoT Core to mosquitto 2.0.11");
    expect(markdown).toContain(
      "## Retained messages (RET)\n\n- **RET-06** Retained messages will also arrive on wildcard subscriptions. " +
        "_Observed: \\[RET-06\\] sends the retained message to site/+_",
    );
    expect(markdown).toContain("## Not checked");
    expect(renderComparisonHtml(comparison)).toContain(
      "<b>SHR-01</b> MQTT 3.1.1 devices may not be able to use shared subscriptions.",
    );
  });
});

describe("device-changes.yaml", () => {
  it("has a sentence only for IDs the catalogue knows", () => {
    const known = new Set(loadCatalogue().requirements.map((requirement) => requirement.id));
    expect(Object.keys(loadDeviceChanges()).filter((id) => !known.has(id))).toEqual([]);
  });
});
