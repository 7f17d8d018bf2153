// Command line: `node --import tsx brokers/reference/src/cli.ts --port 1883 --profile oasis`.
// Flags default to the environment (MQTT_PORT, MQTT_HOST, BROKER_PROFILE, BROKER_OPTIONS), which
// is how the container image is configured. Prints one readiness line and stops cleanly on
// SIGINT / SIGTERM (also as PID 1 in a container).
import { Command, InvalidArgumentError, Option } from "commander";
import { readFileSync } from "node:fs";
import { profiles, startBroker, type BrokerOptions } from "./index.ts";

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new InvalidArgumentError("a port is an integer from 0 to 65535");
  return parsed;
}

function optionsFrom(json: string, source: string): BrokerOptions {
  try {
    return JSON.parse(json) as BrokerOptions;
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * [TRN-01..06] With BROKER_TLS_CERT and BROKER_TLS_KEY (PEM text; BROKER_TLS_CA for client
 * certificates) the TLS, X.509, WSS, WebSocket and shared TLS listeners open on the five ports
 * after the MQTT port, as the descriptor's `endpoints` say; without them, none.
 */
function transportFromEnvironment(mqttPort: number): Pick<BrokerOptions, "transport"> {
  const { BROKER_TLS_CERT: cert, BROKER_TLS_KEY: key, BROKER_TLS_CA: ca } = process.env;
  if (!cert || !key) return {};
  const next = (offset: number) => (mqttPort === 0 ? 0 : mqttPort + offset);
  return {
    transport: {
      tls: { cert, key, ...(ca ? { ca } : {}) },
      tlsPort: next(1),
      x509Port: ca ? next(2) : undefined,
      wssPort: next(3),
      wsPort: next(4),
      sharedPort: next(5),
    },
  };
}

const program = new Command("reference-broker")
  .description("The mqtt-conformance reference broker: AWS IoT Core behaviour, or OASIS with --profile oasis")
  .addOption(new Option("--port <port>", "TCP port, 0 for a free one").argParser(port).env("MQTT_PORT").default(1883))
  .addOption(new Option("--host <host>", "interface to listen on").env("MQTT_HOST").default("127.0.0.1"))
  .addOption(
    new Option("--profile <profile>", "rule set to implement")
      .choices(profiles)
      .env("BROKER_PROFILE")
      .default("aws-iot-core"),
  )
  .addOption(
    new Option(
      "--admin-port <port>",
      "port of the administrative HTTP API (POST /clients/{id}/disconnect); default: none",
    )
      .argParser(port)
      .env("BROKER_ADMIN_PORT"),
  )
  .option("--config <file>", "JSON file with further options (limits, policy, rules…); flags win")
  .option(
    "--policy <file>",
    "JSON connection policy file ({ clients: [{ clientId, connect, connectAttributes }] }); default: allow all",
  )
  .option("--verbose", "log connection events to stderr", false)
  .action(
    async (flags: {
      port: number;
      host: string;
      profile: (typeof profiles)[number];
      adminPort?: number;
      config?: string;
      policy?: string;
      verbose: boolean;
    }) => {
      const fromEnvironment = process.env.BROKER_OPTIONS
        ? optionsFrom(process.env.BROKER_OPTIONS, "BROKER_OPTIONS")
        : {};
      const fromFile = flags.config ? optionsFrom(readFileSync(flags.config, "utf8"), flags.config) : {};
      const policy = flags.policy
        ? { policy: JSON.parse(readFileSync(flags.policy, "utf8")) as BrokerOptions["policy"] }
        : {};
      const admin = flags.adminPort === undefined ? {} : { adminPort: flags.adminPort };
      const transport = transportFromEnvironment(flags.port);
      const broker = await startBroker({
        ...fromEnvironment,
        ...fromFile,
        ...policy,
        ...admin,
        ...transport,
        port: flags.port,
        host: flags.host,
        profile: flags.profile,
        verbose: flags.verbose,
      });
      process.stdout.write(
        `reference broker listening on ${broker.host}:${broker.port} (profile ${broker.config.profile})\n`,
      );
      const shutdown = (): void => {
        void broker.stop().then(() => process.exit(0));
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    },
  );

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`reference-broker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
