// What the adapter container tests share: a broker's image started with settings its adapter
// rendered, raw clients that speak to it, the probes more than one adapter's tests make (close
// timings, offline sessions, account codes, …), and the comparison of what a broker announces in
// its MQTT 5 CONNACK with what its descriptor declares. Every client and container a test opens
// is closed by `closeAll`.
import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { IConnackPacket, IPubackPacket, IPublishPacket, ISubackPacket, Packet } from "mqtt-packet";
import { renderSettings } from "../../support/brokers/adapters.ts";
import type { Capability } from "../../support/brokers/capabilities.ts";
import { loadDescriptor, type BrokerDescriptor } from "../../support/brokers/descriptor.ts";
import type { BrokerSettings } from "../../support/brokers/settings.ts";
import { MqttTestClient, type ConnectFields, type ProtocolVersion } from "../../support/driver/client.ts";
import { isPublishOn } from "../../support/driver/predicates.ts";
import { ensureImage, startContainer, type StartedContainer } from "../../support/targets/container.ts";

/** How long a probe waits for an expected packet, and listens for an absent one. */
export const deliveryTimeoutMs = 3000;
export const quietPeriodMs = 500;

/** The two accounts the adapter tests configure: one that publishes, one that reads. */
export const sensor = { username: "sensor", password: Buffer.from("s3cret") };
export const reader = { username: "reader", password: Buffer.from("r3ad") };

/** The same two accounts as settings give them to a broker, with the topics each may use. */
export const sensorAccount = { username: "sensor", password: "s3cret", publish: ["adapters/telemetry/#"] };
export const readerAccount = { username: "reader", password: "r3ad", subscribe: ["adapters/readings/#"] };

export interface ProbeBroker {
  descriptor: BrokerDescriptor;
  host: string;
  port: number;
  /** The configuration file the container wrote, read from inside it. */
  readFile(path: string): string;
}

const containers: StartedContainer[] = [];
const clients: MqttTestClient[] = [];
let counter = 0;

/** Starts the broker's image with these settings, rendered by its descriptor's adapter. */
export async function startBroker(name: string, settings: BrokerSettings = {}): Promise<ProbeBroker> {
  const descriptor = loadDescriptor(name);
  const rendering = renderSettings(descriptor, settings);
  if (!rendering.ok)
    throw new Error(
      `${name} cannot be given these settings: ${rendering.inexpressible.map((item) => item.reason).join("; ")}`,
    );
  await ensureImage(descriptor);
  const container = await startContainer(descriptor, "oasis", rendering.environment, {
    "mqtt-conformance.test": "adapters",
  });
  containers.push(container);
  const containerName = `mqtt-conformance-${descriptor.name}-${container.port}`;
  return {
    descriptor,
    host: container.host,
    port: container.port,
    readFile: (path) => execFileSync("docker", ["exec", containerName, "cat", path], { encoding: "utf8" }),
  };
}

/**
 * Starts a file's brokers together before its tests (RabbitMQ takes about 11 s, so they must not
 * wait for one another), closes each test's clients after it and every container after all. The
 * object returned holds each broker under its name once started.
 */
export function startedTogether<Name extends string>(
  starts: Record<Name, () => Promise<ProbeBroker>>,
): Record<Name, ProbeBroker> {
  const brokers = {} as Record<Name, ProbeBroker>;
  beforeAll(async () => {
    const names = Object.keys(starts) as Name[];
    const started = await Promise.all(names.map((name) => starts[name]()));
    for (const [index, name] of names.entries()) brokers[name] = started[index];
  }, 120_000);
  afterEach(() => closeClients());
  afterAll(() => closeAll(), 30_000);
  return brokers;
}

/** A client identifier no other probe uses. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** Opens a client and sends CONNECT (with the descriptor's credentials unless given others). */
export async function connect(
  broker: ProbeBroker,
  version: ProtocolVersion,
  fields: ConnectFields = {},
): Promise<{ client: MqttTestClient; connack: IConnackPacket }> {
  const clientId = fields.clientId ?? uniqueId("probe");
  const client = await MqttTestClient.open(
    { host: broker.host, port: broker.port },
    { name: clientId, protocolVersion: version },
  );
  clients.push(client);
  const credentials = broker.descriptor.credentials;
  const connack = await client.connect(
    {
      clientId,
      ...(credentials ? { username: credentials.username, password: Buffer.from(credentials.password) } : {}),
      ...fields,
    },
    deliveryTimeoutMs,
  );
  return { client, connack };
}

/** A connection the broker accepted. */
export async function connected(
  broker: ProbeBroker,
  version: ProtocolVersion,
  fields: ConnectFields = {},
): Promise<MqttTestClient> {
  const { client, connack } = await connect(broker, version, fields);
  const code = connack.reasonCode ?? connack.returnCode;
  if (code !== 0) throw new Error(`${client.name}: CONNACK refused the connection with code ${code}`);
  return client;
}

/** The CONNACK code (return code in 3.1.1, reason code in 5), or "closed" when the broker closed without one. */
export async function connackCode(
  broker: ProbeBroker,
  version: ProtocolVersion,
  fields: ConnectFields = {},
): Promise<number | "closed"> {
  try {
    const { connack } = await connect(broker, version, fields);
    return connack.reasonCode ?? connack.returnCode ?? 0;
  } catch (error) {
    if (/closed by the broker/.test((error as Error).message)) return "closed";
    throw error;
  }
}

export async function subscribe(client: MqttTestClient, filters: string[], qos: 0 | 1 = 1): Promise<number[]> {
  const messageId = client.allocatePacketId();
  client.send({ cmd: "subscribe", messageId, subscriptions: filters.map((topic) => ({ topic, qos })) });
  const suback = await client.waitFor(
    "SUBACK",
    (packet: Packet): packet is ISubackPacket => packet.cmd === "suback" && packet.messageId === messageId,
    deliveryTimeoutMs,
  );
  // mqtt-packet decodes the codes of a SUBACK as numbers
  return suback.granted as number[];
}

/** Sends a QoS 1 PUBLISH and returns its PUBACK's reason code (0 in MQTT 3.1.1). */
export async function publishAcknowledged(
  client: MqttTestClient,
  topic: string,
  payload: string | Buffer,
  extra: Partial<IPublishPacket> = {},
): Promise<number> {
  const messageId = client.allocatePacketId();
  client.send({
    cmd: "publish",
    topic,
    payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload),
    qos: 1,
    retain: false,
    dup: false,
    messageId,
    ...extra,
  } as IPublishPacket);
  const puback = await client.waitFor(
    "PUBACK",
    (packet: Packet): packet is IPubackPacket => packet.cmd === "puback" && packet.messageId === messageId,
    deliveryTimeoutMs,
  );
  return puback.reasonCode ?? 0;
}

export function receives(client: MqttTestClient, topic: string, payload?: string): Promise<IPublishPacket> {
  return client.waitFor(`PUBLISH on ${topic}`, isPublishOn(topic, payload), deliveryTimeoutMs);
}

export function receivesNothing(client: MqttTestClient, topic: string): Promise<void> {
  return client.expectNothing(
    `PUBLISH on ${topic}`,
    (packet) => packet.cmd === "publish" && packet.topic === topic,
    quietPeriodMs,
  );
}

/** Waits the quiet period and lists the payloads received on a topic. */
export async function payloadsOn(client: MqttTestClient, topic: string): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, quietPeriodMs)); // quiet period: what arrives in it counts
  return client.matching(isPublishOn(topic)).map((packet) => packet.payload.toString());
}

/** A topic of a fresh first level and this many slashes below it (l0/l1/…). */
export function topicOfSlashes(slashes: number): string {
  return [uniqueId("adapters"), ...Array.from({ length: slashes }, (_, index) => `l${index}`)].join("/");
}

/** Sends a SUBSCRIBE to one filter at QoS 1 without waiting for an answer (for one the broker closes on). */
export function sendSubscribe(client: MqttTestClient, filter: string): void {
  client.send({ cmd: "subscribe", messageId: client.allocatePacketId(), subscriptions: [{ topic: filter, qos: 1 }] });
}

/** Sends a PUBLISH at QoS 0 or 1 without waiting for an answer (for one the broker closes on). */
export function sendPublish(client: MqttTestClient, topic: string, payload: string, qos: 0 | 1): void {
  client.send({
    cmd: "publish",
    topic,
    payload: Buffer.from(payload),
    qos,
    ...(qos === 1 ? { messageId: client.allocatePacketId() } : {}),
    retain: false,
    dup: false,
  } as IPublishPacket);
}

/** Sends a QoS 0 PUBLISH with topic alias 3, one over a Topic Alias Maximum of 2 [MQTT-3.2.2-17]. */
export function sendAliasOverMaximum(client: MqttTestClient, topic: string): void {
  client.send(
    {
      cmd: "publish",
      topic,
      payload: Buffer.from("second"),
      qos: 0,
      retain: false,
      dup: false,
      properties: { topicAlias: 3 },
    },
    { breaking: "a topic alias over the broker's Topic Alias Maximum [MQTT-3.2.2-17]" },
  );
}

/** How many milliseconds after it opens the broker closes a connection that sends no CONNECT. */
export async function closeOfSilentConnectionMs(broker: ProbeBroker, timeoutMs: number): Promise<number> {
  const silent = await MqttTestClient.open(
    { host: broker.host, port: broker.port },
    { name: "silent", protocolVersion: 4 },
  );
  const since = Date.now();
  const close = await silent.expectClose(timeoutMs);
  silent.dispose();
  return close.at - since;
}

/** How many milliseconds after its CONNACK the broker closes a client of keep-alive 1 s that sends nothing. */
export async function closeOfIdleClientMs(broker: ProbeBroker, timeoutMs: number): Promise<number> {
  const client = await connected(broker, 4, { keepalive: 1 });
  const since = Date.now();
  const close = await client.expectClose(timeoutMs);
  return close.at - since;
}

/**
 * The SUBACK codes of a `$share/workers/…` filter a broker grants but takes as a literal topic:
 * a PUBLISH to the topic it shares must not reach the member.
 */
export async function shareFilterAsLiteral(broker: ProbeBroker): Promise<number[]> {
  const topic = `${uniqueId("adapters")}/jobs`;
  const member = await connected(broker, 4);
  const granted = await subscribe(member, [`$share/workers/${topic}`]);
  const publisher = await connected(broker, 4);
  await publishAcknowledged(publisher, topic, "job");
  await receivesNothing(member, topic);
  return granted;
}

/**
 * The CONNACK codes of the sensor account, of its name with a wrong password, and of no account:
 * what a broker with the adapter tests' accounts answers each.
 */
export async function accountConnackCodes(
  broker: ProbeBroker,
  version: ProtocolVersion,
): Promise<(number | "closed")[]> {
  return [
    await connackCode(broker, version, sensor),
    await connackCode(broker, version, { ...sensor, password: Buffer.from("guess") }),
    await connackCode(broker, version),
  ];
}

/**
 * An MQTT 3.1.1 session (clean session 0) subscribed to a topic, disconnected, then sent this many
 * QoS 1 messages: whether it is there when its client comes back, and what it then receives.
 */
export async function offlineSession(
  broker: ProbeBroker,
  published: number,
): Promise<{ sessionPresent: boolean; payloads: string[] }> {
  const topic = `${uniqueId("adapters")}/log`;
  const clientId = uniqueId("stored");
  const subscriber = await connected(broker, 4, { clientId, clean: false });
  if ((await subscribe(subscriber, [topic]))[0] !== 1)
    throw new Error(`${clientId}: subscription to ${topic} refused`);
  await subscriber.disconnect(deliveryTimeoutMs);
  const publisher = await connected(broker, 4);
  for (let number = 1; number <= published; number++) await publishAcknowledged(publisher, topic, `message ${number}`);
  const { client: back, connack } = await connect(broker, 4, { clientId, clean: false });
  return { sessionPresent: connack.sessionPresent, payloads: await payloadsOn(back, topic) };
}

/**
 * A retained message is kept for a later subscriber, and filters with + and # match what they
 * cover (each PUBACK accepting, in MQTT 3.1.1 always).
 */
export async function expectRetainedAndWildcards(broker: ProbeBroker, version: ProtocolVersion): Promise<void> {
  const base = uniqueId("adapters");
  const publisher = await connected(broker, version);
  expect(await publishAcknowledged(publisher, `${base}/shelf/a`, "kept", { retain: true })).toBeLessThan(0x80);
  const subscriber = await connected(broker, version);
  expect(await subscribe(subscriber, [`${base}/shelf/+`, `${base}/#`])).toEqual([1, 1]);
  expect((await receives(subscriber, `${base}/shelf/a`, "kept")).retain).toBe(true);
  expect(await publishAcknowledged(publisher, `${base}/deep/er/still`, "live")).toBeLessThan(0x80);
  await receives(subscriber, `${base}/deep/er/still`, "live");
}

/**
 * Two MQTT 3.1.1 sessions (clean session 0) with a subscription each, their clients dropped, on a
 * broker that keeps them 2 s: whether the first is there 1 s later (half the expiry), and the
 * second 2.5 s later (past it).
 */
export async function sessionsPresentAroundExpiry(broker: ProbeBroker): Promise<[boolean, boolean]> {
  const clientIds = [uniqueId("early"), uniqueId("late")];
  for (const clientId of clientIds) {
    const client = await connected(broker, 4, { clientId, clean: false });
    if ((await subscribe(client, [`${clientId}/inbox`]))[0] !== 1)
      throw new Error(`${clientId}: subscription refused`);
    client.drop();
  }
  closeClients();
  await new Promise((resolve) => setTimeout(resolve, 1000)); // half the session expiry
  const early = (await connect(broker, 4, { clientId: clientIds[0], clean: false })).connack.sessionPresent;
  await new Promise((resolve) => setTimeout(resolve, 1500)); // past the expiry of the other
  const late = (await connect(broker, 4, { clientId: clientIds[1], clean: false })).connack.sessionPresent;
  return [early, late];
}

/**
 * Where an MQTT 5 CONNACK (to a client that asked for keep-alive 0 and the longest session)
 * announces something the descriptor declares, the two must agree: a missing property means the
 * specification's default.
 */
export function announcementMismatches(descriptor: BrokerDescriptor, connack: IConnackPacket): string[] {
  const properties = connack.properties ?? {};
  const { limits } = descriptor;
  const has = (capability: Capability) => descriptor.capabilities.includes(capability);
  const mismatches: string[] = [];
  const compare = (what: string, announced: unknown, declared: unknown) => {
    if (announced !== declared)
      mismatches.push(`${what}: announced ${String(announced)}, declared ${String(declared)}`);
  };
  compare("Maximum Packet Size", properties.maximumPacketSize ?? "none", limits.maximumPacketSize);
  compare("Topic Alias Maximum", properties.topicAliasMaximum ?? 0, limits.topicAliasMaximum);
  compare("Receive Maximum", properties.receiveMaximum ?? 65535, limits.receiveMaximum);
  // asked for keep-alive 0 (never): a broker with a longest keep-alive answers with it
  compare(
    "Server Keep Alive",
    properties.serverKeepAlive ? properties.serverKeepAlive : "none",
    limits.maxKeepAliveSeconds,
  );
  if (properties.sessionExpiryInterval !== undefined)
    compare("Session Expiry Interval", properties.sessionExpiryInterval, limits.maxSessionExpirySeconds);
  compare("Retain Available", properties.retainAvailable ?? true, has("retained-messages"));
  compare(
    "Wildcard Subscription Available",
    properties.wildcardSubscriptionAvailable ?? true,
    has("wildcard-subscriptions"),
  );
  compare(
    "Shared Subscription Available",
    properties.sharedSubscriptionAvailable ?? true,
    has("shared-subscriptions"),
  );
  return mismatches;
}

/** The MQTT 5 CONNECT whose CONNACK shows the broker's keep-alive and session expiry limits. */
export const askingForEverything: ConnectFields = {
  keepalive: 0,
  clean: true,
  properties: { sessionExpiryInterval: 0xffffffff },
};

/** Closes every client, then stops every container the tests started. */
export async function closeAll(): Promise<void> {
  for (const client of clients.splice(0)) client.dispose();
  await Promise.all(containers.splice(0).map((container) => container.stop()));
}

/** Closes the clients opened so far (between tests that share a container). */
export function closeClients(): void {
  for (const client of clients.splice(0)) client.dispose();
}
