// Where a broker listens besides its main MQTT address [TRN-01..06] [API-01..06]: MQTT over TLS,
// over TLS with client certificates, over WebSocket (secure or plain), the shared TLS port that
// dispatches on ALPN, and the HTTPS data-plane API. Each target fills in what its broker has.
import { z } from "zod";
import type { BrokerDescriptor } from "../brokers/descriptor.ts";
import { clientNames } from "../tls/pki.ts";

const endpointSchema = z
  .object({ host: z.string(), port: z.number().int().positive(), path: z.string().optional() })
  .strict();

export const endpointsSchema = z
  .object({
    /** MQTT over TLS, the server authenticated only. */
    tls: endpointSchema.optional(),
    /** MQTT over TLS with a client certificate required (AWS: 8883 with X.509). */
    x509: endpointSchema.optional(),
    /** MQTT over WebSocket Secure. */
    wss: endpointSchema.optional(),
    /** MQTT over plain WebSocket. */
    ws: endpointSchema.optional(),
    /** The shared TLS port (AWS: 443): ALPN `x-amzn-mqtt-ca` for MQTT, HTTPS and WSS otherwise. */
    shared: endpointSchema.optional(),
    /** Base URL of the HTTPS data-plane API (`https://host:port`). */
    httpsUrl: z.string().optional(),
    /** The name the broker's certificate is for, sent as SNI. */
    serverName: z.string().optional(),
  })
  .strict();

export type Endpoints = z.output<typeof endpointsSchema>;
export type EndpointName = "tls" | "x509" | "wss" | "ws" | "shared";

const keyPairSchema = z.object({ cert: z.string(), key: z.string() }).strict();

/** The run's test PKI (support/tls/pki.ts), carried to the workers with the target. */
export const pkiSchema = z
  .object({
    ca: z.string(),
    server: keyPairSchema,
    clients: z.record(z.enum(clientNames), keyPairSchema),
    expired: keyPairSchema,
    unknownCa: keyPairSchema,
  })
  .strict();

/** The reference broker's listeners as ports: endpoints on its host. */
export function endpointsOf(host: string, ports: Partial<Record<EndpointName, number>>): Endpoints {
  const at = (port: number | undefined, path?: string) =>
    port === undefined ? undefined : { host, port, ...(path ? { path } : {}) };
  return {
    tls: at(ports.tls),
    x509: at(ports.x509),
    wss: at(ports.wss, "/mqtt"),
    ws: at(ports.ws, "/mqtt"),
    shared: at(ports.shared),
    httpsUrl: ports.shared === undefined ? undefined : `https://${host}:${ports.shared}`,
    serverName: "localhost",
  };
}

/** A container's listeners: the descriptor's `endpoints` as offsets from its main port. */
export function endpointsFromOffsets(descriptor: BrokerDescriptor, host: string, port: number): Endpoints {
  const declared = descriptor.endpoints;
  const ports = Object.fromEntries(Object.entries(declared).map(([name, offset]) => [name, port + offset])) as Partial<
    Record<EndpointName, number>
  >;
  return endpointsOf(host, ports);
}
