// How a step reaches the broker other than on its main address [TRN-01..06] [MQTT-6.0.0-1]: over
// TLS (a chosen version, with or without SNI), TLS with a client certificate, WebSocket, or the
// shared TLS port with an ALPN protocol; and how such a connection went: a handshake refused says
// how, so the scenario reports what it saw.
import type { BrokerAddress, TlsMaterial, TlsVersion } from "../driver/transport.ts";
import type { EndpointName } from "../targets/endpoints.ts";
import type { ConformanceWorld } from "./world.ts";
import { NotApplicable, Unsupported } from "./verdicts.ts";

export interface Channel {
  endpoint: EndpointName;
  /** How the bytes travel to that endpoint. */
  transport: "tcp" | "tls" | "ws" | "wss";
  version?: TlsVersion;
  withoutSni?: boolean;
  alpn?: string;
  /** A client certificate goes with it unless the step says otherwise (the X.509 and shared ports). */
  needsCertificate: boolean;
}

/** The channels as steps write them (a parameter type reads them). */
export const channelPattern = new RegExp(
  [
    "TLS 1\\.[123]",
    "TLS without SNI",
    "TLS",
    "WSS",
    "WebSocket",
    "the X\\.509 port without SNI",
    "the X\\.509 port",
    'the shared TLS port with ALPN "[^"]*"',
    "plain TCP on the TLS port",
  ].join("|"),
);

export function channelOf(text: string): Channel {
  const version = /^TLS (1\.[123])$/.exec(text)?.[1];
  if (version)
    return { endpoint: "tls", transport: "tls", version: `TLSv${version}` as TlsVersion, needsCertificate: false };
  if (text === "TLS") return { endpoint: "tls", transport: "tls", needsCertificate: false };
  if (text === "TLS without SNI")
    return { endpoint: "tls", transport: "tls", withoutSni: true, needsCertificate: false };
  if (text === "WSS") return { endpoint: "wss", transport: "wss", needsCertificate: false };
  if (text === "WebSocket") return { endpoint: "ws", transport: "ws", needsCertificate: false };
  if (text === "the X.509 port") return { endpoint: "x509", transport: "tls", needsCertificate: true };
  if (text === "the X.509 port without SNI")
    return { endpoint: "x509", transport: "tls", withoutSni: true, needsCertificate: true };
  if (text === "plain TCP on the TLS port") return { endpoint: "tls", transport: "tcp", needsCertificate: false };
  const alpn = /^the shared TLS port with ALPN "([^"]*)"$/.exec(text)?.[1];
  if (alpn !== undefined) return { endpoint: "shared", transport: "tls", alpn, needsCertificate: true };
  throw new Error(`no channel called "${text}"`);
}

/**
 * Which client certificate a step presents: a trusted one by name, none, an expired one, or one from an unknown CA.
 */
export type CertificateChoice =
  | { kind: "named"; name: string }
  | { kind: "none" }
  | { kind: "expired" }
  | { kind: "unknown-ca" };

export const certificatePattern =
  /, presenting (?:the certificate of "[^"]+"|no certificate|an expired certificate|a certificate from an unknown CA)/;

export function certificateOf(text: string): CertificateChoice {
  const named = /the certificate of "([^"]+)"/.exec(text)?.[1];
  if (named) return { kind: "named", name: named };
  if (text.endsWith("no certificate")) return { kind: "none" };
  if (text.endsWith("an expired certificate")) return { kind: "expired" };
  return { kind: "unknown-ca" };
}

/** The trusted certificate a channel that needs one presents when the step names none. */
export const defaultCertificate: CertificateChoice = { kind: "named", name: "thing-one" };

/** The run's test certificates: only brokers the suite started (and so gave its PKI) trust them. */
export function pkiOf(world: ConformanceWorld) {
  const pki = world.target.pki;
  const judged = "a broker the suite starts is judged on this scenario";
  if (!pki)
    throw new NotApplicable(
      `${world.target.descriptor.name} is reached at a URL ` +
        `and does not trust the suite's test certificates; ${judged}`,
    );
  return pki;
}

function certificateMaterial(world: ConformanceWorld, choice: CertificateChoice): Pick<TlsMaterial, "cert" | "key"> {
  if (choice.kind === "none") return {};
  const pki = pkiOf(world);
  if (choice.kind === "expired") return pki.expired;
  if (choice.kind === "unknown-ca") return pki.unknownCa;
  const pair = pki.clients[choice.name as keyof typeof pki.clients];
  if (!pair)
    throw new Error(
      `no test certificate for "${choice.name}"; the test PKI has ${Object.keys(pki.clients).join(", ")}`,
    );
  return pair;
}

/** The address a channel reaches: the broker must have that endpoint (the profile judges one it lacks). */
export function addressOf(world: ConformanceWorld, channel: Channel, certificate?: CertificateChoice): BrokerAddress {
  const endpoint = world.endpoints[channel.endpoint];
  if (!endpoint) {
    const lacking =
      `${world.target.descriptor.name} has no ` +
      `${channel.endpoint} listener the suite knows of (its descriptor's endpoints, or the URL given)`;
    throw world.profile === "aws-iot-core"
      ? new Unsupported(`${lacking}; AWS IoT Core has one`)
      : new NotApplicable(`${lacking}; a broker with one is judged on this scenario`);
  }
  const chosen = certificate ?? (channel.needsCertificate ? defaultCertificate : { kind: "none" as const });
  const ca = world.target.pki?.ca ?? world.target.tls?.ca;
  const tls: TlsMaterial = {
    ca,
    ...(chosen.kind === "none" && !world.target.pki
      ? { cert: world.target.tls?.cert, key: world.target.tls?.key }
      : certificateMaterial(world, chosen)),
    servername: channel.withoutSni ? null : world.endpoints.serverName,
    ...(channel.alpn ? { alpn: [channel.alpn] } : {}),
    ...(channel.version ? { version: channel.version } : {}),
  };
  return { host: endpoint.host, port: endpoint.port, transport: channel.transport, path: endpoint.path, tls };
}

/** How a connection over a channel went: refused during or right after the handshake, or a CONNACK came. */
export interface HandshakeOutcome {
  refused: boolean;
  /** What the client saw: the TLS alert, the close, or the agreed version and ALPN protocol. */
  detail: string;
}

const outcomes = new WeakMap<ConformanceWorld, Map<string, HandshakeOutcome>>();

export function recordOutcome(world: ConformanceWorld, name: string, outcome: HandshakeOutcome): void {
  let map = outcomes.get(world);
  if (!map) outcomes.set(world, (map = new Map()));
  map.set(name, outcome);
}

export function outcomeOf(world: ConformanceWorld, name: string): HandshakeOutcome {
  const outcome = outcomes.get(world)?.get(name);
  if (!outcome) throw new Error(`"${name}" has not tried to connect over a channel`);
  return outcome;
}
