// The conformance matrix and the expected-verdict check, from hand-made runs.
import { describe, expect, it } from "vitest";
import { compareVerdicts, type ExpectedVerdicts } from "../../support/brokers/expected-verdicts.ts";
import type { Catalogue } from "../../support/catalogue/catalogue.ts";
import { buildMatrix, columnTotals, renderHtml, renderMarkdown } from "../../support/matrix/matrix.ts";
import type { RunResults, ScenarioResult } from "../../support/results/results.ts";

const catalogue: Catalogue = {
  sources: { s: "source" },
  groups: { DIF: "Differences", RET: "Retained" },
  requirements: [
    { id: "DIF-01", versions: ["3.1.1", "5"], kind: "aws", source: "s", statement: "`sensor/#` does not match `sensor`", observe: "o" },
    { id: "RET-06", versions: ["3.1.1", "5"], kind: "aws", source: "s", statement: "no retained on <wildcards>", observe: "o" },
    { id: "RET-13", versions: ["3.1.1", "5"], kind: "aws", source: "s", statement: "shared get no retained", observe: "o" },
  ],
};

const scenario = (requirements: string[], status: ScenarioResult["status"], reason: string | null = null): ScenarioResult => ({
  name: requirements.join(" "), feature: "f", requirements, mqttVersion: "5", status, reason, durationMs: 1,
});

const run: RunResults = {
  broker: "mosquitto", brokerVersion: "2.0.11", profile: "aws-iot-core", startedAt: "", durationMs: 1,
  scenarios: [
    scenario(["DIF-01"], "passed"),
    scenario(["DIF-01"], "failed", "[DIF-01] delivered on sensor"),
    scenario(["RET-06"], "not-applicable", "lacks MQTT 5"),
  ],
};

describe("buildMatrix", () => {
  const matrix = buildMatrix(catalogue, [run]);

  it("fails a requirement when any of its scenarios failed, with that reason", () => {
    expect(matrix.groups[0].rows[0].cells[0]).toEqual({ verdict: "failed", reason: "[DIF-01] delivered on sensor" });
  });

  it("reports not applicable only when no scenario of the requirement was judged, and not judged when none ran", () => {
    const retained = matrix.groups[1].rows;
    expect(retained[0].cells[0]).toEqual({ verdict: "not-applicable", reason: "lacks MQTT 5" });
    expect(retained[1].cells[0].verdict).toBe("not-judged");
    expect(columnTotals(matrix)).toEqual([{ passed: 0, failed: 1, "not-applicable": 1, "not-judged": 1 }]);
  });

  it("renders Markdown and HTML with the statements escaped", () => {
    expect(renderMarkdown(matrix)).toContain("| DIF-01 | `sensor/#` does not match `sensor` | ❌ failed: [DIF-01] delivered on sensor |");
    expect(renderHtml(matrix)).toContain("no retained on &lt;wildcards&gt;");
  });
});

describe("compareVerdicts", () => {
  it("reports a failure that is not listed, and a listed one that did not fail", () => {
    const expected: ExpectedVerdicts = { "aws-iot-core": { "RET-06": "sends retained to wildcards" }, oasis: {} };
    expect(compareVerdicts(run, expected)).toEqual({
      unexpectedFailures: [{ id: "DIF-01", reason: "[DIF-01] delivered on sensor" }],
      noLongerFailing: ["RET-06"],
    });
  });

  it("finds nothing to say when the broker fails exactly its list", () => {
    expect(compareVerdicts(run, { "aws-iot-core": { "DIF-01": "delivers on the parent topic" }, oasis: {} })).toEqual({ unexpectedFailures: [], noLongerFailing: [] });
  });
});
