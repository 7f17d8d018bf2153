// Allure across runs: the executor of a CI build, and the history of the previous report carried
// into the new results.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { carryHistory, executorInfo } from "../../support/results/allure-extras.ts";

describe("executorInfo", () => {
  it("is absent outside CI", () => {
    expect(executorInfo({})).toBeUndefined();
    expect(executorInfo({ CI: "false" })).toBeUndefined();
  });

  it("names a GitHub Actions build with its number and link", () => {
    expect(
      executorInfo({
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_WORKFLOW: "matrix",
        GITHUB_RUN_NUMBER: "42",
        GITHUB_SERVER_URL: "https://github.example",
        GITHUB_REPOSITORY: "o/r",
        GITHUB_RUN_ID: "7",
      }),
    ).toEqual({
      name: "GitHub Actions",
      type: "github",
      buildName: "matrix #42",
      buildOrder: 42,
      buildUrl: "https://github.example/o/r/actions/runs/7",
      reportName: "MQTT conformance",
    });
  });

  it("names any other CI by name", () => {
    expect(executorInfo({ CI: "true" })).toEqual({ name: "CI", type: "ci", reportName: "MQTT conformance" });
  });
});

describe("carryHistory", () => {
  it("copies the previous report's history into the new results", () => {
    const reports = mkdtempSync(join(tmpdir(), "allure-"));
    const results = join(reports, "allure-results");
    mkdirSync(results);
    expect(carryHistory(join(reports, "allure-report"), results)).toBe(false);
    mkdirSync(join(reports, "allure-report", "history"), { recursive: true });
    writeFileSync(join(reports, "allure-report", "history", "history-trend.json"), '[{"data":{"passed":3}}]');
    expect(carryHistory(join(reports, "allure-report"), results)).toBe(true);
    expect(readFileSync(join(results, "history", "history-trend.json"), "utf8")).toBe('[{"data":{"passed":3}}]');
    expect(existsSync(join(results, "history"))).toBe(true);
  });
});
