// The HTTPS client of the data-plane API steps [API-01..06] [TRN-06]: Node's own https, a client
// certificate from the run's test PKI as the caller (or none), ALPN http/1.1, no kept-alive
// connection. Each answer is kept per caller for the steps that read it.
import { request, type RequestOptions } from "node:https";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import type { ConformanceWorld } from "./world.ts";
import { NotApplicable, Unsupported } from "./verdicts.ts";

export interface HttpsAnswer {
  status: number;
  /** The JSON body, or the text when it is not JSON. */
  body: unknown;
  text: string;
  /** The ALPN protocol the TLS handshake agreed. */
  alpnProtocol: string | undefined;
}

export interface HttpsCall {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

/** The caller that presents no certificate. */
export const anonymousCaller = "anonymous";

/** Base URL of the broker's HTTPS API; a broker without one is judged by the profile. */
function apiUrl(world: ConformanceWorld): URL {
  const base = world.endpoints.httpsUrl;
  if (!base) {
    const known = "its descriptor's endpoints.shared, or --http-url";
    const lacking = `${world.target.descriptor.name} has no HTTPS data-plane API the suite knows of (${known})`;
    throw world.profile === "aws-iot-core"
      ? new Unsupported(`${lacking}; AWS IoT Core has one`)
      : new NotApplicable(lacking);
  }
  return new URL(base);
}

/** Sends one request as `caller` (a test certificate's name, or "anonymous") and reads the whole answer. */
export function callApi(world: ConformanceWorld, caller: string, call: HttpsCall): Promise<HttpsAnswer> {
  const url = apiUrl(world);
  const pki = world.target.pki;
  const certificate =
    caller === anonymousCaller ? {} : pki?.clients[caller as keyof NonNullable<typeof pki>["clients"]];
  if (!certificate)
    throw new NotApplicable(
      `the suite has no certificate "${caller}" this broker trusts (its test PKI is given only to brokers it starts)`,
    );
  const options: RequestOptions & ConnectionOptions = {
    host: url.hostname,
    port: Number(url.port || 443),
    method: call.method,
    path: call.path,
    headers: { ...call.headers, ...(call.body ? { "content-length": String(call.body.length) } : {}) },
    servername: world.endpoints.serverName,
    ca: pki?.ca ?? world.target.tls?.ca,
    ...certificate,
    ALPNProtocols: ["http/1.1"],
    agent: false,
    timeout: world.deliveryTimeoutMs,
  };
  return new Promise((resolve, reject) => {
    const outgoing = request(options, (response) => {
      const alpnProtocol = (response.socket as TLSSocket).alpnProtocol || undefined;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        resolve({ status: response.statusCode ?? 0, body, text, alpnProtocol });
      });
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no HTTPS answer within ${world.deliveryTimeoutMs} ms`)));
    outgoing.on("error", (error) =>
      reject(new Error(`HTTPS ${call.method} ${call.path} as "${caller}" failed: ${error.message}`)),
    );
    outgoing.end(call.body);
  });
}

const answers = new WeakMap<ConformanceWorld, Map<string, HttpsAnswer[]>>();

export function keepAnswer(world: ConformanceWorld, caller: string, answer: HttpsAnswer): void {
  let map = answers.get(world);
  if (!map) answers.set(world, (map = new Map()));
  map.set(caller, [...(map.get(caller) ?? []), answer]);
}

/** Every answer the caller got, in order. */
export function answersOf(world: ConformanceWorld, caller: string): HttpsAnswer[] {
  const list = answers.get(world)?.get(caller) ?? [];
  if (list.length === 0) throw new Error(`"${caller}" has made no HTTPS request in this scenario`);
  return list;
}

export function describeAnswer(answer: HttpsAnswer): string {
  return `HTTP ${answer.status} ${answer.text.slice(0, 300)}`;
}
