// A broker someone else runs, reached at a URL. The descriptor says what it is.
import { readFileSync } from "node:fs";
import type { BrokerDescriptor } from "../brokers/descriptor.ts";
import { openTransport, type BrokerAddress, type TlsMaterial, type TransportKind } from "../driver/transport.ts";
import type { Endpoints } from "./endpoints.ts";
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
  if (!scheme)
    throw new Error(
      `unsupported URL scheme "${parsed.protocol}" in ${url}; expected mqtt://, mqtts://, ws:// or wss://host:port`,
    );
  const port = parsed.port === "" ? scheme.defaultPort : Number(parsed.port);
  const path =
    scheme.transport === "ws" || scheme.transport === "wss"
      ? parsed.pathname === "/"
        ? "/mqtt"
        : parsed.pathname
      : undefined;
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
  if ((files.cert === undefined) !== (files.key === undefined))
    throw new Error("--cert and --key go together: a client certificate needs its key");
  return Object.fromEntries(
    entries.map(([name, path]) => {
      try {
        return [name, readFileSync(path, "utf8")];
      } catch (error) {
        throw new Error(
          `cannot read --${name} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
    }),
  );
}

/** "https://host:port" of the HTTPS data-plane API; anything else fails with one line. */
export function parseHttpsUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL; expected --http-url https://host[:port]`);
  }
  if (parsed.protocol !== "https:") throw new Error(`--http-url needs an https:// URL, not ${url}`);
  return parsed.origin;
}

/**
 * The listeners of a broker at a URL, as far as the command line names them: the URL's own
 * (mqtts:// is the TLS endpoint, and the X.509 one with --cert; wss:// and ws:// the WebSocket
 * ones) and the HTTPS API of --http-url.
 */
function externalEndpoints(
  address: BrokerAddress,
  tls: TlsMaterial | undefined,
  httpUrl: string | undefined,
): Endpoints {
  const here = { host: address.host, port: address.port, ...(address.path ? { path: address.path } : {}) };
  return {
    ...(address.transport === "tls" ? { tls: here, ...(tls?.cert ? { x509: here } : {}) } : {}),
    ...(address.transport === "wss" ? { wss: here } : {}),
    ...(address.transport === "ws" ? { ws: here } : {}),
    ...(httpUrl ? { httpsUrl: parseHttpsUrl(httpUrl) } : {}),
    serverName: address.host,
  };
}

export async function startExternalTarget(
  url: string,
  descriptor: BrokerDescriptor,
  profile: ProfileName,
  tlsFiles: TlsFiles = {},
  httpUrl?: string,
): Promise<StartedTarget> {
  const address = parseBrokerUrl(url);
  const tls = readTlsFiles(tlsFiles);
  if (tls && address.transport !== "tls" && address.transport !== "wss")
    throw new Error(`--ca, --cert and --key need an mqtts:// or wss:// URL, not ${url}`);
  const endpoints = externalEndpoints(address, tls, httpUrl);
  // fail fast with one line when nothing answers, before any scenario runs
  (await openTransport({ ...address, tls }, 5000)).abort();
  return { info: { kind: "external", ...address, tls, endpoints, descriptor, profile }, stop: async () => {} };
}
