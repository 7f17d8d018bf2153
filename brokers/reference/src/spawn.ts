// The reference broker in a child process, for runs that must see it crash or measure its memory
// alone (fuzz, benchmarks): started through its CLI with the options given, on a free loopback
// port. Internal errors the broker logs (exceptions caught at its edges that were not protocol
// errors) are counted from its standard error.
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { BrokerOptions, Profile } from "./config.ts";
import { internalErrorMarker } from "./diagnostics.ts";

// in a clone the sources run through tsx; in the installed package (dist/) the compiled cli.js runs as it is
const compiled = import.meta.url.endsWith(".js");
const cliPath = fileURLToPath(new URL(compiled ? "./cli.js" : "./cli.ts", import.meta.url));
/**
 * Node flags of a broker process of its own (here, in `npm run broker` and in the image): a 1 GiB
 * JavaScript heap. The broker's limits keep its live heap far below that (payloads live outside
 * it); the cap makes V8 collect garbage before it grows the heap under sustained load, instead of
 * letting it grow towards the machine-sized default first.
 */
const processFlags = ["--max-old-space-size=1024"];
const readyLine = /reference broker listening on ([\d.]+):(\d+)/;

export interface SpawnedBroker {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** Internal errors logged so far, with their lines. */
  readonly internalErrors: string[];
  /** Set once the process has exited, with how. */
  exit: { code: number | null; signal: string | null } | undefined;
  /** Resident set size in bytes (Linux /proc), undefined once exited. */
  rssBytes(): number | undefined;
  /** Stops the broker (SIGTERM, then SIGKILL after 3 s). */
  stop(): Promise<void>;
}

export async function spawnReferenceBroker(
  profile: Profile,
  options: BrokerOptions = {},
  startTimeoutMs = 20_000,
): Promise<SpawnedBroker> {
  const child = spawn(
    process.execPath,
    [...processFlags, ...(compiled ? [] : ["--import", "tsx"]), cliPath, "--port", "0", "--profile", profile],
    {
      env: { ...process.env, BROKER_OPTIONS: JSON.stringify(options) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  // the broker does not outlive the process that started it, however that process ends
  const killChild = (): void => void child.kill("SIGKILL");
  process.once("exit", killChild);
  child.once("exit", () => process.off("exit", killChild));
  const internalErrors: string[] = [];
  let stderrTail = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderrTail = (stderrTail + text).slice(-4000);
    for (const line of text.split("\n")) if (line.includes(internalErrorMarker)) internalErrors.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const address = await new Promise<{ host: string; port: number }>((resolve, reject) => {
    let stdout = "";
    const deadline = setTimeout(() => fail(`no readiness line within ${startTimeoutMs} ms`), startTimeoutMs);
    const fail = (reason: string): void => {
      clearTimeout(deadline);
      child.kill("SIGKILL");
      reject(new Error(`the reference broker did not start: ${reason}\n${stderrTail}`));
    };
    const earlyExit = (code: number | null): void => fail(`it exited with code ${code}`);
    child.once("exit", earlyExit);
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      const match = readyLine.exec(stdout);
      if (!match) return;
      clearTimeout(deadline);
      child.off("exit", earlyExit);
      resolve({ host: match[1], port: Number(match[2]) });
    });
  });
  const spawned: SpawnedBroker = {
    ...address,
    pid: child.pid!,
    internalErrors,
    exit: undefined,
    rssBytes() {
      if (spawned.exit) return undefined;
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        return match ? Number(match[1]) * 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (spawned.exit) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
  child.once("exit", (code, signal) => (spawned.exit = { code, signal }));
  return spawned;
}
