// Steps about lifecycle events [EVT-01..08]: subscribing to a client's (or every client's) events
// of one type, receiving one and reading its JSON fields, comparing a client's events, and hearing
// none. Events are matched by topic and content, never by position: they may come out of order or
// twice [EVT-08].
import type { DataTable } from "@cucumber/cucumber";
import type { IPublishPacket, Packet } from "mqtt-packet";
import { check } from "../support/harness/assertions.ts";
import { Given, Then } from "../support/harness/define-steps.ts";
import { subscribeGranted } from "../support/harness/subscribing.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

type LifecycleEvent = Record<string, unknown>;

/** `$aws/events/presence/connected/{clientId}`, `$aws/events/subscriptions/subscribed/+`, … */
function eventTopic(event: string, clientId: string): string {
  const group = event === "subscribed" || event === "unsubscribed" ? "subscriptions" : "presence";
  return `$aws/events/${group}/${event}/${clientId}`;
}

type FieldTypes = Record<string, "string" | "number" | "boolean" | "object">;

/** A subscribed and an unsubscribed event carry the same fields: who, when, and which topics. */
const subscriptionEventFields: FieldTypes = {
  clientId: "string",
  timestamp: "number",
  eventType: "string",
  sessionIdentifier: "string",
  principalIdentifier: "string",
  topics: "object",
};

/** The fields each event type carries, and their JSON types [EVT-01] [EVT-02] [EVT-05] [EVT-06]. */
const requiredFields: Record<string, FieldTypes> = {
  connected: {
    clientId: "string",
    timestamp: "number",
    eventType: "string",
    sessionIdentifier: "string",
    principalIdentifier: "string",
    ipAddress: "string",
    versionNumber: "number",
  },
  disconnected: {
    clientId: "string",
    timestamp: "number",
    eventType: "string",
    clientInitiatedDisconnect: "boolean",
    sessionIdentifier: "string",
    principalIdentifier: "string",
    disconnectReason: "string",
    versionNumber: "number",
  },
  subscribed: subscriptionEventFields,
  unsubscribed: subscriptionEventFields,
  connect_failed: {
    clientId: "string",
    timestamp: "number",
    eventType: "string",
    failureType: "string",
    principalIdentifier: "string",
  },
};

function parse(packet: IPublishPacket): LifecycleEvent | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(packet.payload).toString("utf8"));
    return typeof value === "object" && value !== null ? (value as LifecycleEvent) : undefined;
  } catch {
    return undefined;
  }
}

function isEventOf(event: string, clientId: string) {
  const topic = eventTopic(event, clientId);
  return (packet: Packet): packet is IPublishPacket =>
    packet.cmd === "publish" && packet.topic === topic && parse(packet)?.eventType === event;
}

/** Waits for the client's event, checks the fields every such event carries, and returns it. */
async function receiveEvent(
  world: ConformanceWorld,
  name: string,
  event: string,
  of: string,
): Promise<LifecycleEvent> {
  const client = world.client(name);
  const clientId = world.clientId(of);
  const packet = await client.waitFor(
    `the ${event} event of ${clientId} on ${eventTopic(event, clientId)}`,
    isEventOf(event, clientId),
    world.deliveryTimeoutMs,
  );
  const body = parse(packet)!;
  const wrong = Object.entries(requiredFields[event]).filter(([field, type]) => typeof body[field] !== type);
  check(
    wrong.length === 0,
    client,
    `expected the ${event} event to carry ${wrong.map(([field, type]) => `${field} (${type})`).join(", ")}, ` +
      `got ${JSON.stringify(body)}`,
  );
  check(
    body.clientId === clientId,
    client,
    `expected the event to name client ${clientId}, got ${JSON.stringify(body)}`,
  );
  // a timestamp of this scenario: not before it began, not after the event arrived
  const timestamp = body.timestamp as number;
  check(
    timestamp >= world.startedAt - 1000 && timestamp <= Date.now() + 1000,
    client,
    `expected a timestamp in milliseconds since the epoch from this scenario, got ${timestamp}`,
  );
  return body;
}

/** Every event of the type for that client received so far (duplicates included). */
function eventsReceived(world: ConformanceWorld, name: string, event: string, of: string): LifecycleEvent[] {
  return world
    .client(name)
    .matching(isEventOf(event, world.clientId(of)))
    .map((packet) => parse(packet)!);
}

Given(
  "{string} has subscribed to the {event} events of {string}",
  async function (this: ConformanceWorld, name: string, event: string, of: string) {
    await subscribeGranted(this, name, eventTopic(event, this.clientId(of)), 1);
  },
);

Given(
  "{string} has subscribed to the {event} events of every client",
  async function (this: ConformanceWorld, name: string, event: string) {
    await subscribeGranted(this, name, eventTopic(event, "+"), 1);
  },
);

Then(
  "{string} receives the {event} event of {string}",
  async function (this: ConformanceWorld, name: string, event: string, of: string) {
    await receiveEvent(this, name, event, of);
  },
);

/** `| field | value |`: strings as written, true/false as booleans, numbers as numbers. */
Then(
  "{string} receives the {event} event of {string} with:",
  async function (this: ConformanceWorld, name: string, event: string, of: string, table: DataTable) {
    const body = await receiveEvent(this, name, event, of);
    const unmet = table
      .raw()
      .filter(
        ([field, text]) =>
          JSON.stringify(body[field]) !==
          (text === "true" || text === "false" || /^\d+$/.test(text) ? text : JSON.stringify(text)),
      );
    check(
      unmet.length === 0,
      this.client(name),
      `expected the ${event} event with ${unmet.map(([field, text]) => `${field} ${text}`).join(", ")}, ` +
        `got ${JSON.stringify(body)}`,
    );
  },
);

Then(
  "{string} receives the {event} event of {string} listing these topics:",
  async function (this: ConformanceWorld, name: string, event: string, of: string, table: DataTable) {
    const body = await receiveEvent(this, name, event, of);
    const expected = table.raw().map(([topic]) => this.topic(topic));
    const listed = Array.isArray(body.topics) ? (body.topics as unknown[]) : [];
    const missing = expected.filter((topic) => !listed.includes(topic));
    check(
      missing.length === 0 && listed.length === expected.length,
      this.client(name),
      `expected the ${event} event to list ${expected.join(", ")}, got ${JSON.stringify(body)}`,
    );
  },
);

Then(
  "the {event} and {event} events of {string} that {string} received carry " +
    "the same sessionIdentifier and versionNumber",
  function (this: ConformanceWorld, first: string, second: string, of: string, name: string) {
    const [a] = eventsReceived(this, name, first, of);
    const [b] = eventsReceived(this, name, second, of);
    check(
      a !== undefined && b !== undefined,
      this.client(name),
      `expected a ${first} and a ${second} event of ${this.clientId(of)}`,
    );
    check(
      a.sessionIdentifier === b.sessionIdentifier && a.versionNumber === b.versionNumber,
      this.client(name),
      `expected the same sessionIdentifier and versionNumber, got ${JSON.stringify(a)} and ${JSON.stringify(b)}`,
    );
  },
);

Then(
  "the {event} events of {string} that {string} received have growing versionNumbers, {int} of them",
  async function (this: ConformanceWorld, event: string, of: string, name: string, count: number) {
    const client = this.client(name);
    for (let index = 0; index < count; index++)
      await client.waitFor(
        `${event} event ${index + 1} of ${this.clientId(of)}`,
        isEventOf(event, this.clientId(of)),
        this.deliveryTimeoutMs,
      );
    // duplicates may come [EVT-08]: the distinct numbers, in the order the connections were made, grow
    const numbers = [...new Set(eventsReceived(this, name, event, of).map((body) => body.versionNumber as number))];
    check(
      numbers.length === count && numbers.every((number, index) => index === 0 || number > numbers[index - 1]),
      client,
      `expected ${count} growing versionNumbers, got ${numbers.join(", ")}`,
    );
  },
);

Then(
  "{string} receives no lifecycle event of {string}",
  async function (this: ConformanceWorld, name: string, of: string) {
    const clientId = this.clientId(of);
    const topics = ["connected", "disconnected"].map((event) => eventTopic(event, clientId));
    for (const topic of topics) this.grants.requireFor(name, topic, this.namespace);
    await this.client(name).expectNothing(
      `lifecycle event of ${clientId}`,
      (packet) =>
        packet.cmd === "publish" && packet.topic.startsWith("$aws/events/") && packet.topic.endsWith(`/${clientId}`),
      this.quietPeriodMs,
    );
  },
);
