// Runs the features against one started broker target under one profile: Cucumber in parallel
// workers, Allure results, and the scenario verdicts for reports/results.json.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadConfiguration, loadSupport, runCucumber, type IRunOptions, type ISupportCodeCoordinates, type ISupportCodeLibrary } from "@cucumber/cucumber/api";
import { ResultCollector, type RunResults } from "../results/results.ts";
import { registryFolder, runLabel } from "../targets/configured.ts";
import { profileNames, type ProfileName, type StartedTarget } from "../targets/target.ts";

export const projectRoot = new URL("../../", import.meta.url).pathname;

export interface SuiteOptions {
  /** Extra Cucumber tag expression, ANDed with the profile filter. */
  tags?: string;
  parallel: number;
  reportsDir: string;
  /** Where Cucumber's progress output goes. */
  stdout: NodeJS.WritableStream;
}

/**
 * Scenarios of other profiles never run: they are not this run's business. Nor do the MQTT 3.1.1
 * stand-ins (`@without-mqtt5`) of mixed-version scenarios on a broker that speaks MQTT 5, which
 * the mixed-version example judges.
 */
export function scenarioTagExpression(profile: ProfileName, protocolVersions: readonly string[], extra?: string): string {
  const others = profileNames.filter((name) => name !== profile).map((name) => `@profile:${name}`);
  const own = others.length > 0 ? `not (${others.join(" or ")})` : "";
  const standIns = protocolVersions.includes("5") ? "not @without-mqtt5" : "";
  return [own, standIns, extra ? `(${extra})` : ""].filter(Boolean).join(" and ");
}

/** Allure labels read from tags, on top of those the hooks add at run time. */
const allureLabelPatterns = [
  { pattern: [/@req:(.*)/], name: "requirement" },
  { pattern: [/@area:(.*)/], name: "epic" },
  { pattern: [/@requires:(.*)/], name: "capability" },
];

async function cucumberOptions(target: StartedTarget, options: SuiteOptions): Promise<IRunOptions> {
  const allureResults = join(options.reportsDir, "allure-results");
  mkdirSync(allureResults, { recursive: true });
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: ["features/**/*.feature"],
        import: ["support/harness/**/*.ts", "steps/**/*.ts"],
        tags: scenarioTagExpression(target.info.profile, target.info.descriptor.protocolVersions, options.tags),
        parallel: options.parallel,
        format: ["progress", `allure-cucumberjs/reporter:${join(options.reportsDir, "allure-formatter.log")}`],
        formatOptions: { resultsDir: allureResults, labels: allureLabelPatterns } as never,
        worldParameters: { target: target.info } as never,
        plugin: [new URL("./slow-first.ts", import.meta.url).pathname],
        strict: true,
      },
    },
    { cwd: projectRoot },
  );
  return runConfiguration;
}

let supportLibrary: ISupportCodeLibrary | undefined;

export async function runSuite(started: StartedTarget, options: SuiteOptions): Promise<RunResults> {
  // brokers that workers start for shared settings carry the run's identifier, so the run removes them
  const runId = randomBytes(6).toString("hex");
  const target = { ...started, info: { ...started.info, runId } };
  const runOptions = await cucumberOptions(target, options);
  const environment = { cwd: projectRoot, stdout: options.stdout as never, env: process.env };
  // steps are ES modules: load them once and reuse the library for every further run in this process
  supportLibrary ??= await loadSupport({ sources: runOptions.sources, support: runOptions.support as ISupportCodeCoordinates }, environment);
  const collector = new ResultCollector();
  const startedAt = new Date();
  try {
    await runCucumber({ ...runOptions, support: supportLibrary }, environment, collector.onMessage);
  } finally {
    rmSync(registryFolder(runId), { recursive: true, force: true });
    if (target.info.kind === "container") {
      const { removeLeftoverContainers } = await import("../targets/container.ts");
      removeLeftoverContainers(`${runLabel}=${runId}`);
    }
  }
  return {
    broker: target.info.descriptor.name,
    brokerVersion: target.info.descriptor.version,
    profile: target.info.profile,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    scenarios: collector.scenarios(),
  };
}
