// The mqtt-conformance command line: run the suite, the matrix, certify a broker, compare it with
// AWS IoT Core, check catalogue coverage, render the report.
import { Command, InvalidArgumentError, Option } from "commander";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { parseShard } from "../support/matrix/schedule.ts";
import { countVerdicts } from "../support/results/results.ts";
import { suitePackage } from "../support/run/package-info.ts";
import { profileNames, type ProfileName } from "../support/targets/target.ts";
import { certifyCommand, verifyCommand } from "./certify-command.ts";
import { compareCommand } from "./compare-command.ts";
import { coverageCommand } from "./coverage-command.ts";
import type { FuzzCommandOptions } from "./fuzz-command.ts";
import { buildableBrokers, matrixCommand, mergeCommand } from "./matrix-command.ts";
import { reportCommand } from "./report-command.ts";
import { runCommand } from "./run-command.ts";
import { verdictsCommand } from "./verdicts-command.ts";

function parseProfiles(value: string): ProfileName[] {
  if (value === "all") return [...profileNames];
  const names = value.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!profileNames.includes(name as ProfileName))
      throw new InvalidArgumentError(`unknown profile "${name}"; choose ${profileNames.join(", ")} or all`);
  }
  return names as ProfileName[];
}

function parseProfile(value: string): ProfileName {
  if (!profileNames.includes(value as ProfileName))
    throw new InvalidArgumentError(`unknown profile "${value}"; choose ${profileNames.join(" or ")}`);
  return value as ProfileName;
}

function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError("expected a whole number of 1 or more");
  return parsed;
}

function parseShardOption(value: string) {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parseSeed(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 0xffffffff)
    throw new InvalidArgumentError("a seed is a whole number from 0 to 4294967295");
  return parsed;
}

/**
 * Brokers a matrix runs at once. A broker's runs mostly wait (quiet periods, keep-alive and expiry
 * timers), so one broker keeps well under a core busy: one more broker than cores keeps every core
 * busy. More buys nothing once the cores are (6 at once took as long as 3 on 2 cores) and makes
 * the timing scenarios judge the machine rather than the broker. Each broker × profile run keeps 2
 * scenarios at once: concurrency across brokers costs less than more workers, each of which loads
 * the whole suite.
 */
export const defaultJobs = availableParallelism() + 1;

/** Where reports go unless --reports says otherwise: ./reports, where the command runs. */
const defaultReports = resolve("reports");

/** The fuzz command's flags: its options, with no seed or report file until defaulted. */
type FuzzFlags = Omit<FuzzCommandOptions, "seed" | "reportFile"> & { seed?: number; report?: string };

interface TargetFlags {
  broker?: string;
  container: boolean;
  url?: string;
  descriptor?: string;
  ca?: string;
  cert?: string;
  key?: string;
  httpUrl?: string;
  parallel: number;
  reports: string;
}

/** The options that choose the broker under test, shared by run, certify and compare. */
function withTargetOptions(
  command: Command,
  brokerHelp = "broker under test (a folder in brokers/); default: reference",
): Command {
  return command
    .option("--broker <name>", brokerHelp)
    .option("--container", "run the reference broker from its container image instead of in-process", false)
    .option(
      "--url <url>",
      "reach a running broker at mqtt://, mqtts://, ws:// or wss://host:port instead of starting one",
    )
    .option("--ca <file>", "PEM file of the CA that signed the broker's certificate (mqtts://, wss://)")
    .option("--cert <file>", "PEM file of a client certificate (with --key)")
    .option("--key <file>", "PEM file of the client certificate's key")
    .option(
      "--http-url <url>",
      "with --url: the broker's HTTPS data-plane API at https://host:port, for the API scenarios",
    )
    .option("--descriptor <file>", "broker descriptor for --url (default: brokers/<name>/broker.yaml)")
    .option("--parallel <n>", "scenarios run at once in each profile's run", parsePositiveInteger, 2)
    .option("--reports <dir>", "where reports are written", defaultReports);
}

function targetChoice(flags: TargetFlags) {
  return {
    broker: flags.broker ?? "reference",
    container: flags.container,
    url: flags.url,
    httpUrl: flags.httpUrl,
    descriptorFile: flags.descriptor,
    tlsFiles: { ca: flags.ca, cert: flags.cert, key: flags.key },
  };
}

const program = new Command("mqtt-conformance")
  .description("Conformance suite for MQTT brokers against the AWS IoT Core and OASIS profiles")
  .version(suitePackage().version);

withTargetOptions(
  program
    .command("run")
    .description("run the features against a broker and write reports/results.json, junit.xml and Allure results"),
)
  .addOption(
    new Option(
      "--profile <profiles>",
      "profile(s) to judge against: aws-iot-core, oasis, a comma list, or all (run at once)",
    )
      .argParser(parseProfiles)
      .default(["aws-iot-core"], "aws-iot-core"),
  )
  .option("--tags <expression>", "Cucumber tag expression selecting scenarios")
  .action(async (flags: TargetFlags & { profile: ProfileName[]; tags?: string }) => {
    const runs = await runCommand({
      ...targetChoice(flags),
      profiles: flags.profile,
      tags: flags.tags,
      parallel: flags.parallel,
      reportsDir: flags.reports,
    });
    // a failure or a missing required feature is a broker that does not conform: exit 1
    const failed = runs.some(
      (run) =>
        countVerdicts(run.scenarios).failed + countVerdicts(run.scenarios).unsupported > 0 ||
        run.scenarios.length === 0,
    );
    process.exitCode = failed ? 1 : 0;
  });

withTargetOptions(
  program
    .command("certify")
    .description(
      "judge a broker against one profile and write a certificate (HTML, JSON, SHA-256 digest, SVG badge); " +
        "exit 0 conformant, 3 conformant with deviations, 1 not conformant",
    ),
)
  .addOption(
    new Option("--profile <profile>", "profile to certify against: aws-iot-core or oasis")
      .argParser(parseProfile)
      .default("aws-iot-core"),
  )
  .option("--out <dir>", "where the certificate files go (default: <reports>/certificate)")
  .option(
    "--verify <certificate.json>",
    "check a certificate against its digest file and its own verdict instead of running",
  )
  .action(async (flags: TargetFlags & { profile: ProfileName; out?: string; verify?: string }) => {
    if (flags.verify) {
      process.exitCode = verifyCommand(flags.verify);
      return;
    }
    process.exitCode = await certifyCommand({
      ...targetChoice(flags),
      profile: flags.profile,
      parallel: flags.parallel,
      reportsDir: flags.reports,
      outDir: flags.out ?? join(flags.reports, "certificate"),
    });
  });

withTargetOptions(
  program
    .command("compare")
    .description(
      "what changes for devices moving from AWS IoT Core to a broker: runs it under aws-iot-core (or reads --from), " +
        "writes reports/compare-<broker>.{md,html}",
    ),
  "broker to run under aws-iot-core (default: reference), or to pick from --from's file",
)
  .option("--from <file>", "a matrix.json or results.json to read instead of running the broker")
  .action(async (flags: TargetFlags & { from?: string }) => {
    if (!flags.from && !flags.broker && !flags.url)
      throw new Error(
        "compare needs a broker: --broker <name>, --url with --descriptor, or --from reports/matrix.json",
      );
    process.exitCode = await compareCommand({
      ...targetChoice(flags),
      broker: flags.from ? flags.broker : (flags.broker ?? "reference"),
      from: flags.from,
      parallel: flags.parallel,
      reportsDir: flags.reports,
    });
  });

const matrix = program
  .command("matrix")
  .description(
    "run the suite on each broker's container image, several at once, " +
      "and write reports/matrix.{json,md,html} and junit.xml; checks expected verdicts",
  )
  .option("--brokers <names>", "comma-separated brokers (default: every broker whose image builds here)")
  .addOption(
    new Option("--profile <profiles>", "profile(s): aws-iot-core, oasis, a comma list, or all")
      .argParser(parseProfiles)
      .default([...profileNames], "all"),
  )
  .option("--tags <expression>", "Cucumber tag expression selecting scenarios")
  .option("--parallel <n>", "scenarios run at once in each broker × profile run", parsePositiveInteger, 2)
  .option(
    "--jobs <n>",
    `brokers run at once (default: cores + 1 = ${defaultJobs}; brokers mostly wait)`,
    parsePositiveInteger,
    defaultJobs,
  )
  .option(
    "--shard <i/n>",
    "run only the i-th of n shares of the brokers (one CI machine each); join them with `matrix merge`",
    parseShardOption,
  )
  .option("--reports <dir>", "where reports are written", defaultReports)
  .action(
    async (flags: {
      brokers?: string;
      profile: ProfileName[];
      tags?: string;
      parallel: number;
      jobs: number;
      shard?: ReturnType<typeof parseShard>;
      reports: string;
    }) => {
      const brokers = flags.brokers
        ? flags.brokers
            .split(",")
            .map((name) => name.trim())
            .filter(Boolean)
        : buildableBrokers();
      const differences = await matrixCommand({
        brokers,
        profiles: flags.profile,
        tags: flags.tags,
        parallel: flags.parallel,
        jobs: flags.jobs,
        shard: flags.shard,
        reportsDir: flags.reports,
      });
      process.exitCode = differences > 0 ? 1 : 0;
    },
  );

matrix
  .command("merge")
  .description(
    "join the reports folders of matrix shards into one matrix, one junit.xml and one set of Allure results; " +
      "checks expected verdicts",
  )
  .argument("<folders...>", "reports folders written by `matrix --shard`; the merged reports go to matrix's --reports")
  .action((folders: string[], _flags: unknown, command: Command) => {
    process.exitCode = mergeCommand(folders, (command.optsWithGlobals() as { reports: string }).reports) > 0 ? 1 : 0;
  });

program
  .command("verdicts")
  .description(
    "record a matrix run as each broker's expected verdicts: listed reasons kept, IDs no longer failing dropped, " +
      "new ones added with what the broker did",
  )
  .option("--from <file>", "the matrix to record", join(defaultReports, "matrix.json"))
  .option("--brokers <names>", "comma-separated brokers (default: every broker in the matrix)")
  .action((flags: { from: string; brokers?: string }) => {
    verdictsCommand({ from: flags.from, brokers: flags.brokers?.split(",").map((name) => name.trim()) });
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
  .description(
    "render the Allure HTML report from reports/allure-results into reports/allure-report, " +
      "keeping the previous report's history",
  )
  .option("--reports <dir>", "reports directory", defaultReports)
  .action(async (flags: { reports: string }) => {
    process.exitCode = await reportCommand(flags.reports);
  });

program
  .command("fuzz")
  .description(
    "send mutated packets to a broker, with a bystander client throughout; " +
      "report crashes, internal errors, memory and every finding's seed and bytes",
  )
  .option(
    "--broker <name>",
    "broker under test (a folder in brokers/); the reference broker runs in a child process",
    "reference",
  )
  .option("--container", "run the reference broker from its container image", false)
  .option("--url <url>", "fuzz a running broker at mqtt://host:port instead of starting one")
  .addOption(
    new Option("--profile <profile>", "profile the reference broker is started with")
      .choices(profileNames)
      .default("aws-iot-core"),
  )
  .option("--packets <n>", "packets to send in all", parsePositiveInteger, 20_000)
  .option("--connections <n>", "connections playing cases at once", parsePositiveInteger, 16)
  .option("--seed <n>", "campaign seed (default: random, printed)", parseSeed)
  .option("--max-seconds <n>", "bound on the run, seconds", parsePositiveInteger, 1800)
  .option("--replay <case-seed>", "play only the case with this seed (from a finding) and print its bytes", parseSeed)
  .option("--report <file>", "where the JSON report is written (default reports/fuzz-<broker>-<profile>.json)")
  .action(async (flags: FuzzFlags) => {
    // loaded when used, so that the other commands start as fast as before
    const { fuzzCommand } = await import("./fuzz-command.ts");
    const { seed, report, ...options } = flags;
    process.exitCode = await fuzzCommand({
      ...options,
      seed: seed ?? Math.floor(Math.random() * 0xffffffff),
      reportFile: report ?? join(defaultReports, `fuzz-${flags.broker}-${flags.profile}.json`),
    });
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`mqtt-conformance: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
