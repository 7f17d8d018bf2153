// The HTTPS data-plane API of AWS IoT Core [API-01..06], served on the shared TLS port:
//   POST /topics/{topic}?qos&retain&contentType&messageExpiry&responseTopic   publish [API-01..03]
//   GET  /retainedMessage/{topic}                                              one retained message [API-04]
//   GET  /retainedMessage?maxResults&nextToken                                 the retained topics, by pages [API-05]
// The caller is the principal of its verified client certificate, held to the same permissions
// as over MQTT [API-06]. Answers are JSON; refusals carry AWS's exception names.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { authorizeCertificate } from "../auth/certificate-accounts.ts";
import type { Permissions } from "../auth/credentials.ts";
import type { Broker } from "../broker.ts";
import { clampMessageExpiry, type Message, type MessageProperties } from "../message.ts";
import { retainedQuotaExceeded } from "../retained/retained-quota.ts";
import { isReservedTopic, topicNameProblem } from "../topics.ts";
import { verifiedCertificateName } from "../transport/secure-listeners.ts";
import type { TimestampedRetainedStore } from "./retained-times.ts";

const defaultPageSize = 200;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > limit)
      throw new HttpError(413, "RequestEntityTooLargeException", `the payload is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** [API-06] the caller's permissions: those of its verified client certificate, or none at all. */
function callerPermissions(broker: Broker, request: IncomingMessage): Permissions {
  const socket = request.socket as TLSSocket;
  const commonName = typeof socket.getPeerCertificate === "function" ? verifiedCertificateName(socket) : undefined;
  if (commonName === undefined)
    throw new HttpError(403, "ForbiddenException", "a verified client certificate is required");
  const authorization = authorizeCertificate(broker.config.certificates, commonName);
  if (!authorization.accepted) throw new HttpError(403, "ForbiddenException", authorization.reason);
  return authorization.permissions;
}

/** [API-03] `x-amz-mqtt5-user-properties`: base64 of a JSON array of one-entry objects, order kept. */
function userPropertiesHeader(value: string): Array<[string, string]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64").toString("utf8"));
  } catch {
    throw new HttpError(400, "InvalidRequestException", "x-amz-mqtt5-user-properties is not base64 of a JSON array");
  }
  if (!Array.isArray(parsed))
    throw new HttpError(400, "InvalidRequestException", "x-amz-mqtt5-user-properties is not a JSON array");
  return parsed.flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null)
      throw new HttpError(400, "InvalidRequestException", "a user property is a JSON object");
    return Object.entries(entry).map(([name, text]) => [name, String(text)] as [string, string]);
  });
}

/** [API-01..03] what the query and headers of a publish ask for. */
function publishedMessage(topic: string, query: URLSearchParams, request: IncomingMessage, payload: Buffer): Message {
  const qosText = query.get("qos") ?? "0";
  if (qosText !== "0" && qosText !== "1")
    throw new HttpError(400, "InvalidRequestException", `qos must be 0 or 1, not ${qosText}`);
  const retain = query.get("retain") === "true";
  const properties: MessageProperties = {};
  const contentType = query.get("contentType");
  if (contentType !== null) properties.contentType = contentType;
  const responseTopic = query.get("responseTopic");
  if (responseTopic !== null) properties.responseTopic = responseTopic;
  const format = request.headers["x-amz-mqtt5-payload-format-indicator"];
  if (format !== undefined) properties.payloadFormatIndicator = format === "UTF8_DATA";
  const correlation = request.headers["x-amz-mqtt5-correlation-data"];
  if (typeof correlation === "string") properties.correlationData = Buffer.from(correlation, "base64");
  const userHeader = request.headers["x-amz-mqtt5-user-properties"];
  if (typeof userHeader === "string")
    properties.userProperties = Object.fromEntries(groupPairs(userPropertiesHeader(userHeader)));
  const expiryText = query.get("messageExpiry");
  let expiresAt: number | undefined;
  if (expiryText !== null) {
    const seconds = Number(expiryText);
    if (!Number.isInteger(seconds) || seconds < 0)
      throw new HttpError(400, "InvalidRequestException", "messageExpiry is a whole number of seconds");
    expiresAt = Date.now() + clampMessageExpiry(seconds) * 1000; // [M5-06]
  }
  return { topic, payload, qos: qosText === "1" ? 1 : 0, retain, properties, expiresAt };
}

/** Repeated names become arrays, as mqtt-packet writes them: every pair kept in its order. */
function groupPairs(pairs: Array<[string, string]>): Array<[string, string | string[]]> {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of pairs) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return [...grouped].map(([name, values]) => [name, values.length === 1 ? values[0] : values]);
}

function userPropertiesOf(message: Message): string | undefined {
  const properties = message.properties.userProperties;
  if (!properties) return undefined;
  const list = Object.entries(properties).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((item) => ({ [name]: item })),
  );
  return Buffer.from(JSON.stringify(list)).toString("base64");
}

export function dataPlaneApi(broker: Broker, retained: TimestampedRetainedStore) {
  async function publish(request: IncomingMessage, topic: string, query: URLSearchParams): Promise<unknown> {
    const permissions = callerPermissions(broker, request);
    const payload = await readBody(request, broker.config.limits.maximumPacketSize);
    const message = publishedMessage(topic, query, request, payload);
    const problem = topicNameProblem(topic, broker.config.limits);
    if (problem) throw new HttpError(400, "InvalidRequestException", problem);
    // [API-02] [RET-03] no retained messages on reserved topics
    if (message.retain && isReservedTopic(topic))
      throw new HttpError(400, "InvalidRequestException", `retain is not allowed on reserved topic ${topic}`);
    if (!permissions.mayPublish(topic))
      throw new HttpError(403, "ForbiddenException", `not authorized to publish to ${topic}`);
    if (retainedQuotaExceeded(retained, message, broker.config.limits.maxRetainedMessages))
      throw new HttpError(429, "ThrottlingException", "the retained message limit is reached");
    broker.publish(message, { clientId: "" });
    return { message: "OK", traceId: randomUUID() };
  }

  function getRetained(request: IncomingMessage, topic: string): unknown {
    const permissions = callerPermissions(broker, request);
    if (!permissions.maySubscribe(topic))
      throw new HttpError(403, "ForbiddenException", `not authorized to read ${topic}`);
    const message = retained.get(topic);
    if (!message) throw new HttpError(404, "ResourceNotFoundException", `no retained message on ${topic}`);
    const userProperties = userPropertiesOf(message);
    return {
      topic,
      payload: message.payload.toString("base64"),
      qos: message.qos,
      lastModifiedTime: retained.modifiedAt(topic),
      ...(userProperties ? { userProperties } : {}),
    };
  }

  function listRetained(request: IncomingMessage, query: URLSearchParams): unknown {
    const permissions = callerPermissions(broker, request);
    const maxResults = Number(query.get("maxResults") ?? defaultPageSize);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > defaultPageSize)
      throw new HttpError(400, "InvalidRequestException", `maxResults is 1 to ${defaultPageSize}`);
    const token = query.get("nextToken");
    const after = token === null ? undefined : Buffer.from(token, "base64url").toString("utf8");
    const messages = retained
      .find((topic) => permissions.maySubscribe(topic) && (after === undefined || topic > after))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
    const page = messages.slice(0, maxResults);
    const retainedTopics = page.map((message) => ({
      topic: message.topic,
      payloadSize: message.payload.length,
      qos: message.qos,
      lastModifiedTime: retained.modifiedAt(message.topic),
    }));
    const more = messages.length > maxResults;
    return {
      retainedTopics,
      ...(more ? { nextToken: Buffer.from(page[page.length - 1].topic).toString("base64url") } : {}),
    };
  }

  async function route(request: IncomingMessage): Promise<unknown> {
    const url = new URL(request.url ?? "/", "https://broker");
    const path = url.pathname;
    if (request.method === "POST" && path.startsWith("/topics/"))
      return publish(request, decodeURIComponent(path.slice("/topics/".length)), url.searchParams);
    if (request.method === "GET" && path.startsWith("/retainedMessage/"))
      return getRetained(request, decodeURIComponent(path.slice("/retainedMessage/".length)));
    if (request.method === "GET" && path === "/retainedMessage") return listRetained(request, url.searchParams);
    throw new HttpError(404, "ResourceNotFoundException", `no API at ${request.method} ${path}`);
  }

  return (request: IncomingMessage, response: ServerResponse): void => {
    route(request).then(
      (body) => send(response, 200, body),
      (error: unknown) => {
        if (error instanceof HttpError)
          return send(response, error.status, { message: error.message, __type: error.type });
        broker.reportInternalError("the HTTPS API", error);
        send(response, 500, { message: "internal error", __type: "InternalFailureException" });
      },
    );
  };
}
