// A broker in a container as a fuzz or benchmark target: started with the suite's container
// support, its liveness from Docker, its memory from `docker stats`, and, for the reference
// broker's image, the internal errors it logs.
import { execFile } from "node:child_process";
import type { BrokerDescriptor } from "../brokers/descriptor.ts";
import { ensureImage, startContainer } from "../targets/container.ts";
import type { ProfileName } from "../targets/target.ts";
import { portAnswers, type FuzzTarget } from "./target.ts";

/** The reference broker's log line for an exception that was not a protocol error (see its diagnostics). */
const internalErrorLine = "[reference-broker] internal error";

function docker(args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("docker", args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve(error ? undefined : `${stdout}${stderr}`),
    );
  });
}

const units: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  kB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
};

/** "12.34MiB / 23.4GiB" → bytes used. */
export function parseMemoryUsage(text: string): number | undefined {
  const match = /^\s*([\d.]+)\s*([KMG]?i?B|[kMG]B)/.exec(text);
  return match && units[match[2]] !== undefined ? Number(match[1]) * units[match[2]] : undefined;
}

export async function containerTarget(descriptor: BrokerDescriptor, profile: ProfileName): Promise<FuzzTarget> {
  await ensureImage(descriptor);
  const container = await startContainer(descriptor, profile);
  // the name startContainer gives (support/targets/container.ts)
  const name = `mqtt-conformance-${descriptor.name}-${container.port}`;
  const description = `${descriptor.name} (container ${descriptor.container?.image}, ${profile})`;
  return {
    host: container.host,
    port: container.port,
    description,
    async exited() {
      const state = await docker(["inspect", "-f", "{{.State.Running}} {{.State.ExitCode}}", name]);
      if (state?.startsWith("false")) return `the container exited (code ${state.split(" ")[1]?.trim()})`;
      return (await portAnswers(container.host, container.port))
        ? undefined
        : `port ${container.port} no longer answers`;
    },
    async memoryBytes() {
      const usage = await docker(["stats", "--no-stream", "--format", "{{.MemUsage}}", name]);
      return usage === undefined ? undefined : parseMemoryUsage(usage);
    },
    async internalErrors() {
      if (descriptor.name !== "reference") return undefined;
      const logs = await docker(["logs", name]);
      return logs === undefined
        ? undefined
        : logs.split("\n").filter((line) => line.includes(internalErrorLine)).length;
    },
    async restart() {
      await container.stop();
      return containerTarget(descriptor, profile);
    },
    stop: () => container.stop(),
  };
}
