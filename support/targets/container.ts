// The container target: builds the broker's image (or lets Testcontainers pull it where a registry
// exists), runs it with host networking on free loopback ports, waits for its readiness log line,
// and always stops and removes it: after a pass, a failure, an exception, or SIGINT / SIGTERM.
// Ryuk cannot run without a registry, so clean-up is ours.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";

import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { GenericContainer, Wait, type StartedTestContainer } from "testcontainers";
import { brokersDirectory, type BrokerDescriptor, type ContainerSpec } from "../brokers/descriptor.ts";
import { makeTestPki, type TestPki } from "../tls/pki.ts";
import { endpointsFromOffsets } from "./endpoints.ts";
import type { ProfileName, StartedTarget } from "./target.ts";

/** Label on every container the suite starts, so leftovers of a killed run can be found. */
export const containerLabel = "mqtt-conformance.broker";
const buildScript = new URL("../../scripts/docker/build-images.sh", import.meta.url).pathname;
const buildTimeoutMs = 15 * 60_000;
/** Grace before docker kills a stopping broker (Testcontainers takes milliseconds). */
const stopTimeoutMs = 2000;

/**
 * Containers this process created and has not removed yet, by name, with how to stop each. A
 * container counts from the moment it is created, before it is ready, so an interrupt during
 * start-up removes it too.
 */
const owned = new Map<string, () => Promise<void>>();
let cleanupInstalled = false;

function removeByName(name: string): Promise<void> {
  return new Promise((resolve) => execFile("docker", ["rm", "-f", name], () => resolve()));
}

/** On any way out of the process, the containers it started go too. */
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on("exit", () => {
    if (owned.size > 0) execFileSync("docker", ["rm", "-f", ...owned.keys()], { stdio: "ignore" });
  });
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping ${owned.size} broker container(s)\n`);
      void stopAll().finally(() => process.exit(code));
    });
  }
}

async function stopAll(): Promise<void> {
  await Promise.allSettled([...owned.values()].map((stop) => stop()));
  owned.clear();
}

/**
 * Label with the process a container belongs to ("<pid>": the one that started it, or for a broker
 * a Cucumber worker starts for the whole run, the run's process): other suite processes on the same
 * machine (a second matrix shard, another user's run) leave it alone while that process lives.
 */
export const ownerLabel = "mqtt-conformance.owner";
/** A container without an owner label (an older suite's) counts as left behind after this long. */
const unownedGraceMs = 30 * 60_000;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes containers a killed earlier run left behind: those whose owning process is gone (or,
 * given a label filter such as one run's, every container that carries it).
 */
export function removeLeftoverContainers(filter = containerLabel): number {
  const lines = execFileSync(
    "docker",
    ["ps", "-a", "--filter", `label=${filter}`, "--format", `{{.ID}}\t{{.Label "${ownerLabel}"}}\t{{.CreatedAt}}`],
    { encoding: "utf8" },
  )
    .split("\n")
    .filter(Boolean);
  const ids = lines
    .map((line) => line.split("\t"))
    .filter(([, owner, created]) => {
      if (filter !== containerLabel) return true;
      if (owner) return Number(owner) !== process.pid && !processIsAlive(Number(owner));
      return (
        Date.now() -
          Date.parse(
            created
              .replace(/ [A-Z]+$/, "")
              .replace(" ", "T")
              .replace(" ", ""),
          ) >
        unownedGraceMs
      );
    })
    .map(([id]) => id);
  if (ids.length > 0) execFileSync("docker", ["rm", "-f", ...ids], { stdio: "ignore" });
  return ids.length;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * Ports for containers come from below Linux's ephemeral range (32768 and up by default), where
 * the suite's own client sockets and in-process brokers get theirs: a port found free here is not
 * taken by an outgoing connection before the container binds it.
 */
const containerPorts = { lowest: 20_000, highest: 32_000 };

/** The first of `count` consecutive free loopback ports. */
export async function freePortBlock(count: number): Promise<number> {
  const span = containerPorts.highest - containerPorts.lowest - count;
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = containerPorts.lowest + Math.floor(Math.random() * span);
    const free = await Promise.all(Array.from({ length: count }, (_, index) => portIsFree(first + index)));
    if (free.every(Boolean)) return first;
  }
  throw new Error(
    `no ${count} consecutive free ports on 127.0.0.1 between ${containerPorts.lowest} and ${containerPorts.highest}`,
  );
}

const builds = new Map<string, Promise<void>>();

/** Builds the image from brokers/<folder>/Dockerfile once per process; a pulled image needs nothing. */
export function ensureImage(descriptor: BrokerDescriptor): Promise<void> {
  const folder = descriptor.container?.buildFrom ?? descriptor.name;
  if (!existsSync(join(brokersDirectory, folder, "Dockerfile"))) return Promise.resolve();
  let build = builds.get(folder);
  if (!build) {
    build = new Promise<void>((resolve, reject) => {
      execFile(
        buildScript,
        [folder],
        { timeout: buildTimeoutMs, maxBuffer: 16 * 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          const tail = stderr.trim().split("\n").slice(-15).join("\n");
          reject(new Error(`building the image of ${folder} failed (${error.message.split("\n")[0]}):\n${tail}`));
        },
      );
    });
    builds.set(folder, build);
  }
  return build;
}

/** `{port}`, `{profile}`, and `{env:NAME}` (the runner's own environment, empty when unset). */
export function substitute(
  environment: Record<string, string>,
  values: Record<string, string>,
): Record<string, string> {
  const substituted = (whole: string, name: string): string =>
    name.startsWith("env:") ? (process.env[name.slice(4)] ?? "") : (values[name] ?? whole);
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, value.replace(/\{([\w:]+)\}/g, substituted)]),
  );
}

export interface StartedContainer {
  host: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts one container of the broker; `extraEnvironment` configures it further, `labels` mark it. */
export async function startContainer(
  descriptor: BrokerDescriptor,
  profile: ProfileName,
  extraEnvironment: Record<string, string> = {},
  labels: Record<string, string> = {},
  /** False for a container this process starts for others, which the run removes when it ends. */
  ownedByProcess = true,
  /** The run's test PKI, for `{pki:…}` in the environment. */
  pki?: TestPki,
): Promise<StartedContainer> {
  const spec: ContainerSpec | undefined = descriptor.container;
  if (!spec) throw new Error(`broker "${descriptor.name}" has no container section in its descriptor`);
  installCleanup();
  let port = 0;
  let name = "";
  let container: StartedTestContainer | undefined;
  for (let attempt = 1; !container; attempt++) {
    port = spec.fixedPort ?? (await freePortBlock(spec.ports));
    name = `mqtt-conformance-${descriptor.name}-${port}`;
    owned.set(name, () => removeByName(name));
    try {
      container = await new GenericContainer(spec.image)
        .withName(name)
        .withNetworkMode("host")
        .withEnvironment({
          ...substitute(spec.environment, { port: String(port), profile, ...pkiValues(pki) }),
          ...extraEnvironment,
        })
        .withLabels({
          ...labels,
          [containerLabel]: descriptor.name,
          [ownerLabel]: String(ownedByProcess ? process.pid : process.ppid),
        })
        .withWaitStrategy(Wait.forLogMessage(new RegExp(spec.ready)))
        .withStartupTimeout(spec.startupTimeoutMs)
        .start();
    } catch (error) {
      const log = await lastLogLines(name);
      owned.delete(name);
      await removeByName(name);
      // a port of the block taken between the check and the bind, or the log stream lost (a busy
      // Docker engine): up to twice more, on another block
      const transient = /in use/i.test(log) || /log stream ended/i.test((error as Error).message);
      if (attempt < 3 && spec.fixedPort === undefined && transient) continue;
      const said = log ? `; its last log lines:\n${log}` : "";
      throw new Error(
        `${descriptor.name} did not start (no log line /${spec.ready}/ within ${spec.startupTimeoutMs / 1000} s): ` +
          `${(error as Error).message.split("\n")[0]}${said}`,
      );
    }
  }
  const stop = () => container.stop({ timeout: stopTimeoutMs }).then(() => undefined);
  if (ownedByProcess) owned.set(name, stop);
  else owned.delete(name);
  return {
    host: "127.0.0.1",
    port,
    async stop() {
      if (!owned.delete(name)) return;
      await stop();
    },
  };
}

/** The end of a container's log, for the error that says why it did not start; empty when there is none. */
function lastLogLines(name: string): Promise<string> {
  return new Promise((resolve) => {
    execFile("docker", ["logs", "--tail", "10", name], { encoding: "utf8" }, (error, stdout, stderr) =>
      resolve(error ? "" : `${stdout}${stderr}`.trim()),
    );
  });
}

/** `{pki:serverCert}`, `{pki:serverKey}`, `{pki:ca}`: empty without a PKI. */
function pkiValues(pki: TestPki | undefined): Record<string, string> {
  return { "pki:serverCert": pki?.server.cert ?? "", "pki:serverKey": pki?.server.key ?? "", "pki:ca": pki?.ca ?? "" };
}

export async function startContainerTarget(
  descriptor: BrokerDescriptor,
  profile: ProfileName,
): Promise<StartedTarget> {
  await ensureImage(descriptor);
  const pki = makeTestPki();
  const container = await startContainer(descriptor, profile, {}, {}, true, pki);
  const endpoints = endpointsFromOffsets(descriptor, container.host, container.port);
  return {
    info: { kind: "container", host: container.host, port: container.port, endpoints, pki, descriptor, profile },
    stop: () => container.stop(),
  };
}
