// Runs the features against one started broker target under one profile: a CONNECT probe first,
// then Cucumber in parallel workers, Allure results, progress on the console, and the scenario
// verdicts for reports/results.json. Several runs may go on at once in one process (both profiles,
// or a matrix's brokers); each has its own workers.
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import {
  loadConfiguration,
  loadSupport,
  runCucumber,
  type IRunOptions,
  type ISupportCodeCoordinates,
  type ISupportCodeLibrary,
} from "@cucumber/cucumber/api";
import { ResultsFolderWriter } from "../results/allure-writer.ts";
import { ResultCollector, type RunResults, type ScenarioResult } from "../results/results.ts";
import { registryFolder, runLabel } from "../targets/configured.ts";
import { profileNames, type ProfileName, type StartedTarget } from "../targets/target.ts";
import { brokerLogVariable, divertBrokerLog } from "./broker-log.ts";
import { probeConnect } from "./probe.ts";
import type { ProgressBoard } from "./progress.ts";

/**
 * The folder that holds features/, steps/, support/ and brokers/: the repository, or the installed package's dist/.
 */
export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Sources run as TypeScript from a clone (through tsx) and as compiled JavaScript from the package. */
const sourceExtension = import.meta.url.endsWith(".ts") ? "ts" : "js";

export interface SuiteOptions {
  /** Extra Cucumber tag expression, ANDed with the profile filter. */
  tags?: string;
  parallel: number;
  reportsDir: string;
  /** Shows the run's progress; none for a quiet run. */
  progress?: ProgressBoard;
}

/** Files of a reports folder that runs add to as they go. */
export function runLogs(reportsDir: string): { brokerLog: string; failures: string } {
  return { brokerLog: join(reportsDir, "broker.log"), failures: join(reportsDir, "failures.log") };
}

/**
 * Scenarios of other profiles never run: they are not this run's business. Nor do the MQTT 3.1.1
 * stand-ins (`@without-mqtt5`) of mixed-version scenarios on a broker that speaks MQTT 5, which
 * the mixed-version example judges.
 */
export function scenarioTagExpression(
  profile: ProfileName,
  protocolVersions: readonly string[],
  extra?: string,
): string {
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

async function cucumberOptions(
  target: StartedTarget,
  options: SuiteOptions,
  writer: ResultsFolderWriter,
): Promise<IRunOptions> {
  const allureLog = join(
    options.reportsDir,
    "logs",
    `allure-${target.info.descriptor.name}-${target.info.profile}.log`,
  );
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: ["features/**/*.feature"],
        import: [
          `support/harness/**/*.${sourceExtension}`,
          `steps/**/*.${sourceExtension}`,
          `support/run/worker-log.${sourceExtension}`,
        ],
        tags: scenarioTagExpression(target.info.profile, target.info.descriptor.protocolVersions, options.tags),
        parallel: options.parallel,
        format: [`allure-cucumberjs/reporter:${allureLog}`],
        formatOptions: {
          resultsDir: join(options.reportsDir, "allure-results"),
          labels: allureLabelPatterns,
        } as never,
        worldParameters: { target: target.info } as never,
        plugin: [fileURLToPath(new URL(`./slow-first.${sourceExtension}`, import.meta.url))],
        strict: true,
      },
    },
    { cwd: projectRoot },
  );
  // files without the default writer's fsync, which would stall the in-process broker
  Object.assign(runConfiguration.formats.options, { writer });
  return runConfiguration;
}

let supportLibrary: Promise<ISupportCodeLibrary> | undefined;

/** The whole message of a failure, with the client's packet log, for reports/failures.log. */
function failureEntry(run: string, scenario: ScenarioResult, message: string | undefined): string {
  return (
    `── ${run} · ${scenario.feature}: ${scenario.name} (${scenario.status})\n` +
    `${message ?? scenario.reason ?? ""}\n\n`
  );
}

export async function runSuite(started: StartedTarget, options: SuiteOptions): Promise<RunResults> {
  await probeConnect(started.info);
  // brokers that workers start for shared settings carry the run's identifier, so the run removes them
  const runId = randomBytes(6).toString("hex");
  const target = { ...started, info: { ...started.info, runId } };
  const label = `${target.info.descriptor.name}·${target.info.profile}`;
  mkdirSync(join(options.reportsDir, "logs"), { recursive: true });
  const logs = runLogs(options.reportsDir);
  const writer = new ResultsFolderWriter(join(options.reportsDir, "allure-results"));
  const runOptions = await cucumberOptions(target, options, writer);
  // Cucumber's own console formatter (progress, by default) has nothing to write to: the progress
  // board shows the run, the summary its verdicts
  const environment = {
    cwd: projectRoot,
    stdout: new Writable({ write: (_chunk, _encoding, done) => done() }),
    env: { ...process.env, [brokerLogVariable]: logs.brokerLog },
  };
  // steps are ES modules: load them once and reuse the library for every further run in this process
  supportLibrary ??= loadSupport(
    { sources: runOptions.sources, support: runOptions.support as ISupportCodeCoordinates },
    environment,
  );
  const library = await supportLibrary;
  const collector = new ResultCollector((scenario, message) => {
    progress?.onScenario(scenario);
    if (scenario.status === "failed" || scenario.status === "unsupported")
      appendFileSync(logs.failures, failureEntry(label, scenario, message));
  });
  const progress = options.progress?.track(label, () => collector.planned);
  const startedAt = new Date();
  // the in-process reference broker writes its log lines here: they go to the log file
  const restoreStderr = divertBrokerLog(logs.brokerLog);
  try {
    await runCucumber({ ...runOptions, support: library }, environment, collector.onMessage);
    await writer.settled();
  } finally {
    restoreStderr();
    if (progress) options.progress?.finish(progress);
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
