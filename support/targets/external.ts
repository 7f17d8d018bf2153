// A broker someone else runs, reached at a URL. The descriptor says what it is.
import { readFileSync } from "node:fs";
import type { BrokerDescriptor } from "../brokers/descriptor.ts";
import { openTransport, type BrokerAddress, type TlsMaterial, type TransportKind } from "../driver/transport.ts";
import type { ProfileName, StartedTarget } from "./target.ts";

const schemes: Record<string, { transport: TransportKind; defaultPort: number }> = {
  "mqtt:": { transport: "tcp", defaultPort: 1883 },
  "mqtts:": { transport: "tls", defaultPort: 8883 },
  "ws:": { transport: "ws", defaultPort: 80 },
  "wss:": { transport: "wss", defaultPort: 443 },
};

export function parseBrokerUrl(url: string): BrokerAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL; expected mqtt://, mqtts://, ws:// or wss://host:port`);
  }
  const scheme = schemes[parsed.protocol];
  if (!scheme) throw new Error(`unsupported URL scheme "${parsed.protocol}" in ${url}; expected mqtt://, mqtts://, ws:// or wss://host:port`);
  const port = parsed.port === "" ? scheme.defaultPort : Number(parsed.port);
  const path = scheme.transport === "ws" || scheme.transport === "wss" ? (parsed.pathname === "/" ? "/mqtt" : parsed.pathname) : undefined;
  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port, transport: scheme.transport, path };
}

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
}

/** Reads the PEM files named on the command line; a missing file fails with its name. */
export function readTlsFiles(files: TlsFiles): TlsMaterial | undefined {
  const entries = Object.entries(files).filter(([, path]) => path !== undefined) as Array<[keyof TlsFiles, string]>;
  if (entries.length === 0) return undefined;
  if ((files.cert === undefined) !== (files.key === undefined)) throw new Error("--cert and --key go together: a client certificate needs its key");
  return Object.fromEntries(
    entries.map(([name, path]) => {
      try {
        return [name, readFileSync(path, "utf8")];
      } catch (error) {
        throw new Error(`cannot read --${name} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }),
  );
}

export async function startExternalTarget(url: string, descriptor: BrokerDescriptor, profile: ProfileName, tlsFiles: TlsFiles = {}): Promise<StartedTarget> {
  const address = parseBrokerUrl(url);
  const tls = readTlsFiles(tlsFiles);
  if (tls && address.transport !== "tls" && address.transport !== "wss") throw new Error(`--ca, --cert and --key need an mqtts:// or wss:// URL, not ${url}`);
  // fail fast with one line when nothing answers, before any scenario runs
  (await openTransport({ ...address, tls }, 5000)).abort();
  return { info: { kind: "external", ...address, tls, descriptor, profile }, stop: async () => {} };
}
