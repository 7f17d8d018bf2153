// A broker someone else runs, reached at a URL. The descriptor says what it is.
import { createConnection } from "node:net";
import type { BrokerDescriptor } from "../brokers/descriptor.ts";
import type { ProfileName, StartedTarget } from "./target.ts";

export function parseBrokerUrl(url: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL; expected mqtt://host:port`);
  }
  if (parsed.protocol !== "mqtt:") throw new Error(`unsupported URL scheme "${parsed.protocol}" in ${url}; expected mqtt://host:port`);
  const port = parsed.port === "" ? 1883 : Number(parsed.port);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port };
}

/** Fails with one line if nothing accepts a TCP connection at the address within the bound. */
export function assertReachable(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`cannot reach the broker at ${host}:${port}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot reach the broker at ${host}:${port}: ${error.message}`));
    });
  });
}

export async function startExternalTarget(url: string, descriptor: BrokerDescriptor, profile: ProfileName): Promise<StartedTarget> {
  const { host, port } = parseBrokerUrl(url);
  await assertReachable(host, port, 5000);
  return { info: { kind: "external", host, port, descriptor, profile }, stop: async () => {} };
}
