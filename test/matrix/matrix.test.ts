// The conformance matrix and the expected-verdict check, from hand-made runs.
import { describe, expect, it } from "vitest";
import { compareVerdicts, type ExpectedVerdicts } from "../../support/brokers/expected-verdicts.ts";
import type { Catalogue } from "../../support/catalogue/catalogue.ts";
import { buildMatrix, columnTotals, renderHtml, renderMarkdown } from "../../support/matrix/matrix.ts";
import { requirement, runResults, scenarioResult as scenario } from "../fixtures/runs.ts";

const catalogue: Catalogue = {
  sources: { s: "source" },
  groups: { DIF: "Differences", RET: "Retained", SHR: "Shared", RC: "Reason codes" },
  requirements: [
    requirement("DIF-01", "`sensor/#` does not match `sensor`"),
    requirement("RET-06", "no retained on <wildcards>"),
    requirement("RET-13", "shared get no retained"),
    requirement("SHR-01", "shared for 3.1.1"),
    requirement("RC-12", "0x8D", { kind: "spec", level: "SHOULD", versions: ["5"] }),
  ],
};

const run = runResults([
  scenario(["DIF-01"], "passed"),
  scenario(["DIF-01"], "failed", "[DIF-01] delivered on sensor"),
  scenario(["RET-06"], "not-applicable", "lacks MQTT 5"),
  scenario(["SHR-01"], "unsupported", "lacks shared subscriptions"),
  scenario(["RC-12"], "passed", null, ["[RC-12] SHOULD: no DISCONNECT 0x8D"]),
]);

describe("buildMatrix", () => {
  const matrix = buildMatrix(catalogue, [run]);

  it("fails a requirement when any of its scenarios failed, with that reason", () => {
    expect(matrix.groups[0].rows[0].cells[0]).toEqual({ verdict: "failed", reason: "[DIF-01] delivered on sensor" });
  });

  it(
    "reports not applicable only when no scenario of the requirement was judged, " + "and not judged when none ran",
    () => {
      const retained = matrix.groups[1].rows;
      expect(retained[0].cells[0]).toEqual({ verdict: "not-applicable", reason: "lacks MQTT 5" });
      expect(retained[1].cells[0].verdict).toBe("not-judged");
      expect(columnTotals(matrix)).toEqual([
        { passed: 1, failed: 1, unsupported: 1, "not-applicable": 1, "not-judged": 1 },
      ]);
    },
  );

  it("shows a missing required feature as unsupported, and a skipped SHOULD as a note on a pass", () => {
    expect(matrix.groups[2].rows[0].cells[0]).toEqual({
      verdict: "unsupported",
      reason: "lacks shared subscriptions",
    });
    expect(matrix.groups[3].rows[0].cells[0]).toEqual({
      verdict: "passed",
      notes: ["[RC-12] SHOULD: no DISCONNECT 0x8D"],
    });
    expect(renderMarkdown(matrix)).toContain("✅ passed: note: [RC-12] SHOULD: no DISCONNECT 0x8D");
  });

  it("renders Markdown and HTML with the statements escaped", () => {
    expect(renderMarkdown(matrix)).toContain(
      "| DIF-01 | `sensor/#` does not match `sensor` | ❌ failed: [DIF-01] delivered on sensor |",
    );
    expect(renderHtml(matrix)).toContain("no retained on &lt;wildcards&gt;");
  });
});

describe("compareVerdicts", () => {
  const none = { failed: {}, unsupported: {}, unstable: {} };

  it("reports a failure or a missing feature that is not listed, and a listed one that did not happen", () => {
    const expected: ExpectedVerdicts = {
      "aws-iot-core": { failed: { "RET-06": "sends retained to wildcards" }, unsupported: {}, unstable: {} },
      oasis: none,
    };
    expect(compareVerdicts(run, expected)).toEqual({
      unexpected: [
        { id: "DIF-01", verdict: "failed", reason: "[DIF-01] delivered on sensor" },
        { id: "SHR-01", verdict: "unsupported", reason: "lacks shared subscriptions" },
      ],
      noLonger: [{ id: "RET-06", verdict: "failed" }],
    });
  });

  it("finds nothing to say when the broker fails and lacks exactly its lists", () => {
    const expected: ExpectedVerdicts = {
      "aws-iot-core": {
        failed: { "DIF-01": "delivers on the parent topic" },
        unsupported: { "SHR-01": "no shared subscriptions" },
        unstable: {},
      },
      oasis: none,
    };
    expect(compareVerdicts(run, expected)).toEqual({ unexpected: [], noLonger: [] });
  });

  it("leaves out an ID listed as unstable, failed in this run or not", () => {
    const listing = (unstable: Record<string, string>, failed: Record<string, string>): ExpectedVerdicts => ({
      "aws-iot-core": { failed, unsupported: { "SHR-01": "no shared subscriptions" }, unstable },
      oasis: none,
    });
    const sometimes = { "DIF-01": "delivers on the parent topic in some runs" };
    expect(compareVerdicts(run, listing(sometimes, {}))).toEqual({ unexpected: [], noLonger: [] });
    expect(compareVerdicts(run, listing({}, {})).unexpected.map(({ id }) => id)).toEqual(["DIF-01"]);
  });
});
