// The mqtt-conformance command line: run the suite, check catalogue coverage, render the report.
import { Command, InvalidArgumentError, Option } from "commander";
import { join } from "node:path";
import { countVerdicts } from "../support/results/results.ts";
import { projectRoot } from "../support/run/run-suite.ts";
import { profileNames, type ProfileName } from "../support/targets/target.ts";
import { coverageCommand } from "./coverage-command.ts";
import { buildableBrokers, matrixCommand } from "./matrix-command.ts";
import { reportCommand } from "./report-command.ts";
import { runCommand } from "./run-command.ts";

function parseProfiles(value: string): ProfileName[] {
  if (value === "all") return [...profileNames];
  const names = value.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!profileNames.includes(name as ProfileName)) throw new InvalidArgumentError(`unknown profile "${name}"; choose ${profileNames.join(", ")} or all`);
  }
  return names as ProfileName[];
}

function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError("expected a whole number of 1 or more");
  return parsed;
}

function parseSeed(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 0xffffffff) throw new InvalidArgumentError("a seed is a whole number from 0 to 4294967295");
  return parsed;
}

const program = new Command("mqtt-conformance").description("Conformance suite for MQTT brokers against the AWS IoT Core and OASIS profiles");

program
  .command("run")
  .description("run the features against a broker and write reports/results.json and Allure results")
  .option("--broker <name>", "broker under test (a folder in brokers/)", "reference")
  .addOption(new Option("--profile <profiles>", "profile(s) to judge against: aws-iot-core, oasis, a comma list, or all").argParser(parseProfiles).default(["aws-iot-core"], "aws-iot-core"))
  .option("--tags <expression>", "Cucumber tag expression selecting scenarios")
  .option("--parallel <n>", "scenarios run at once", parsePositiveInteger, 2)
  .option("--container", "run the reference broker from its container image instead of in-process", false)
  .option("--url <url>", "reach a running broker at mqtt://, mqtts://, ws:// or wss://host:port instead of starting one")
  .option("--ca <file>", "PEM file of the CA that signed the broker's certificate (mqtts://, wss://)")
  .option("--cert <file>", "PEM file of a client certificate (with --key)")
  .option("--key <file>", "PEM file of the client certificate's key")
  .option("--descriptor <file>", "broker descriptor for --url (default: brokers/<name>/broker.yaml)")
  .option("--reports <dir>", "where reports are written", join(projectRoot, "reports"))
  .action(async (flags: { broker: string; profile: ProfileName[]; tags?: string; parallel: number; container: boolean; url?: string; descriptor?: string; ca?: string; cert?: string; key?: string; reports: string }) => {
    const runs = await runCommand({
      broker: flags.broker,
      container: flags.container,
      profiles: flags.profile,
      tags: flags.tags,
      parallel: flags.parallel,
      url: flags.url,
      descriptorFile: flags.descriptor,
      tlsFiles: { ca: flags.ca, cert: flags.cert, key: flags.key },
      reportsDir: flags.reports,
    });
    // a failure or a missing required feature is a broker that does not conform: exit 1
    const failed = runs.some((run) => countVerdicts(run.scenarios).failed + countVerdicts(run.scenarios).unsupported > 0 || run.scenarios.length === 0);
    process.exitCode = failed ? 1 : 0;
  });

program
  .command("matrix")
  .description("run the suite on each broker's container image and write reports/matrix.{json,md,html}; checks expected verdicts")
  .option("--brokers <names>", "comma-separated brokers (default: every broker whose image builds here)")
  .addOption(new Option("--profile <profiles>", "profile(s): aws-iot-core, oasis, a comma list, or all").argParser(parseProfiles).default([...profileNames], "all"))
  .option("--tags <expression>", "Cucumber tag expression selecting scenarios")
  .option("--parallel <n>", "scenarios run at once per broker (real brokers mostly wait: 3 keeps each broker within a minute)", parsePositiveInteger, 3)
  .option("--reports <dir>", "where reports are written", join(projectRoot, "reports"))
  .action(async (flags: { brokers?: string; profile: ProfileName[]; tags?: string; parallel: number; reports: string }) => {
    const brokers = flags.brokers ? flags.brokers.split(",").map((name) => name.trim()).filter(Boolean) : buildableBrokers();
    const differences = await matrixCommand({ brokers, profiles: flags.profile, tags: flags.tags, parallel: flags.parallel, reportsDir: flags.reports });
    process.exitCode = differences > 0 ? 1 : 0;
  });

program
  .command("coverage")
  .description("per catalogue group, how many requirement IDs have a scenario; lists the uncovered ones")
  .option("--strict", "exit 1 when any ID is uncovered", false)
  .action((flags: { strict: boolean }) => {
    process.exitCode = coverageCommand() > 0 && flags.strict ? 1 : 0;
  });

program
  .command("report")
  .description("render the Allure HTML report from reports/allure-results into reports/allure-report")
  .option("--reports <dir>", "reports directory", join(projectRoot, "reports"))
  .action(async (flags: { reports: string }) => {
    process.exitCode = await reportCommand(flags.reports);
  });

program
  .command("fuzz")
  .description("send mutated packets to a broker, with a bystander client throughout; report crashes, internal errors, memory and every finding's seed and bytes")
  .option("--broker <name>", "broker under test (a folder in brokers/); the reference broker runs in a child process", "reference")
  .option("--container", "run the reference broker from its container image", false)
  .option("--url <url>", "fuzz a running broker at mqtt://host:port instead of starting one")
  .addOption(new Option("--profile <profile>", "profile the reference broker is started with").choices(profileNames).default("aws-iot-core"))
  .option("--packets <n>", "packets to send in all", parsePositiveInteger, 20_000)
  .option("--connections <n>", "connections playing cases at once", parsePositiveInteger, 16)
  .option("--seed <n>", "campaign seed (default: random, printed)", parseSeed)
  .option("--max-seconds <n>", "bound on the run, seconds", parsePositiveInteger, 1800)
  .option("--replay <case-seed>", "play only the case with this seed (from a finding) and print its bytes", parseSeed)
  .option("--report <file>", "where the JSON report is written (default reports/fuzz-<broker>-<profile>.json)")
  .action(async (flags: { broker: string; container: boolean; url?: string; profile: ProfileName; packets: number; connections: number; seed?: number; maxSeconds: number; replay?: number; report?: string }) => {
    // loaded when used, so that the other commands start as fast as before
    const { fuzzCommand } = await import("./fuzz-command.ts");
    process.exitCode = await fuzzCommand({
      broker: flags.broker,
      container: flags.container,
      url: flags.url,
      profile: flags.profile,
      packets: flags.packets,
      connections: flags.connections,
      seed: flags.seed ?? Math.floor(Math.random() * 0xffffffff),
      maxSeconds: flags.maxSeconds,
      replay: flags.replay,
      reportFile: flags.report ?? join(projectRoot, "reports", `fuzz-${flags.broker}-${flags.profile}.json`),
    });
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`mqtt-conformance: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
