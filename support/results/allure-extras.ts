// Allure run-level files: environment (what was judged, on what), categories that sort results
// into broker deviations, harness errors and not-applicable verdicts, the executor (the CI build
// that ran, when CI is set) and the history of earlier reports, so trends show across runs.
import { cpSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunResults } from "./results.ts";

export const allureCategories = [
  {
    name: "Unsupported feature",
    description: "The broker lacks a feature or protocol version the profile requires.",
    matchedStatuses: ["failed"],
    messageRegex: ".*unsupported: .*",
  },
  {
    name: "Broker deviation",
    description: "The broker did something the profile does not allow (assertion failed).",
    matchedStatuses: ["failed"],
  },
  {
    name: "Harness error",
    description: "The test could not judge the broker: a timeout or an error in the suite itself.",
    matchedStatuses: ["broken"],
  },
  {
    name: "Not applicable",
    description:
      "The scenario cannot judge this broker, for a reason outside the profile " +
      "(its reason says what would make it judgeable).",
    matchedStatuses: ["skipped"],
  },
];

export function writeAllureExtras(resultsDir: string, runs: readonly RunResults[]): void {
  const unique = (values: string[]) => [...new Set(values)].join(", ");
  const environment = {
    Brokers: unique(runs.map((run) => `${run.broker} ${run.brokerVersion}`)),
    Profiles: unique(runs.map((run) => run.profile)),
    "Node.js": process.version,
    Platform: `${process.platform} ${process.arch}`,
    Started: runs[0]?.startedAt ?? new Date().toISOString(),
  };
  const properties = Object.entries(environment)
    .map(([key, value]) => `${key.replace(/ /g, "\\ ")}=${value}`)
    .join("\n");
  writeFileSync(join(resultsDir, "environment.properties"), `${properties}\n`);
  writeFileSync(join(resultsDir, "categories.json"), JSON.stringify(allureCategories, null, 2));
  const executor = executorInfo(process.env);
  if (executor) writeFileSync(join(resultsDir, "executor.json"), JSON.stringify(executor, null, 2));
}

export interface ExecutorInfo {
  name: string;
  type: string;
  buildName?: string;
  buildOrder?: number;
  buildUrl?: string;
  reportName?: string;
}

/**
 * The CI build that ran, for Allure's executor widget: GitHub Actions and GitLab CI by their own
 * variables, any other CI by name only. None when CI is not set.
 */
export function executorInfo(environment: NodeJS.ProcessEnv): ExecutorInfo | undefined {
  if (!environment.CI || environment.CI === "false") return undefined;
  const reportName = "MQTT conformance";
  if (environment.GITHUB_ACTIONS) {
    const runUrl =
      environment.GITHUB_SERVER_URL && environment.GITHUB_REPOSITORY && environment.GITHUB_RUN_ID
        ? `${environment.GITHUB_SERVER_URL}/${environment.GITHUB_REPOSITORY}/actions/runs/${environment.GITHUB_RUN_ID}`
        : undefined;
    return {
      name: "GitHub Actions",
      type: "github",
      buildName: `${environment.GITHUB_WORKFLOW ?? "workflow"} #${environment.GITHUB_RUN_NUMBER ?? "?"}`,
      ...(environment.GITHUB_RUN_NUMBER ? { buildOrder: Number(environment.GITHUB_RUN_NUMBER) } : {}),
      ...(runUrl ? { buildUrl: runUrl } : {}),
      reportName,
    };
  }
  if (environment.GITLAB_CI) {
    return {
      name: "GitLab CI",
      type: "gitlab",
      buildName: `${environment.CI_PROJECT_PATH ?? "pipeline"} #${environment.CI_PIPELINE_IID ?? "?"}`,
      ...(environment.CI_PIPELINE_IID ? { buildOrder: Number(environment.CI_PIPELINE_IID) } : {}),
      ...(environment.CI_PIPELINE_URL ? { buildUrl: environment.CI_PIPELINE_URL } : {}),
      reportName,
    };
  }
  return {
    name: "CI",
    type: "ci",
    ...(environment.BUILD_NUMBER
      ? { buildName: `build ${environment.BUILD_NUMBER}`, buildOrder: Number(environment.BUILD_NUMBER) || undefined }
      : {}),
    ...(environment.BUILD_URL ? { buildUrl: environment.BUILD_URL } : {}),
    reportName,
  };
}

/**
 * Copies the history of the previous report (allure-report/history) into the results before a
 * new report is generated, so the trend and retries widgets span runs. Returns whether there was one.
 */
export function carryHistory(previousReport: string, resultsDir: string): boolean {
  const history = join(previousReport, "history");
  if (!existsSync(history)) return false;
  cpSync(history, join(resultsDir, "history"), { recursive: true });
  return true;
}
