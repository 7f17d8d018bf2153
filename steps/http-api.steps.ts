// Steps about the broker's HTTPS data-plane API [API-01..06] [TRN-06]: publishing over HTTPS (with
// MQTT 5 properties in the query and headers), reading one retained message, listing them page by
// page, and the answers. The caller is named by its test certificate ("thing-one"), or
// "anonymous" without one.
import type { DataTable } from "@cucumber/cucumber";
import { answersOf, callApi, describeAnswer, keepAnswer, type HttpsAnswer } from "../support/harness/https-api.ts";
import { Then, When } from "../support/harness/define-steps.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** Most pages a listing is followed for: more means the broker's nextToken never ends. */
const mostPages = 50;

function fail(world: ConformanceWorld, message: string): never {
  throw new Error(`${world.requirementLabel} ${message}`);
}

function lastAnswer(world: ConformanceWorld, caller: string): HttpsAnswer {
  const answers = answersOf(world, caller);
  return answers[answers.length - 1];
}

const publishOptionNames =
  "qos, retain, contentType, messageExpiry, responseTopic, user properties, payload format, correlation data";

/** Query parameters and headers from `| qos | 1 |`-style rows; topics in the scenario's namespace. */
function publishOptions(
  world: ConformanceWorld,
  rows: readonly string[][],
): { query: URLSearchParams; headers: Record<string, string> } {
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const [name, value] of rows) {
    if (name === "qos" || name === "retain" || name === "contentType" || name === "messageExpiry")
      query.set(name, value);
    else if (name === "responseTopic") query.set(name, world.topic(value));
    else if (name === "user properties") {
      const pairs = value.split(",").map((pair) => pair.trim().split("="));
      headers["x-amz-mqtt5-user-properties"] = Buffer.from(
        JSON.stringify(pairs.map(([key, text]) => ({ [key]: text }))),
      ).toString("base64");
    } else if (name === "payload format") headers["x-amz-mqtt5-payload-format-indicator"] = value;
    else if (name === "correlation data")
      headers["x-amz-mqtt5-correlation-data"] = Buffer.from(value).toString("base64");
    else throw new Error(`no HTTPS publish option called "${name}"; known: ${publishOptionNames}`);
  }
  return { query, headers };
}

async function publishOverHttps(
  world: ConformanceWorld,
  caller: string,
  payload: string,
  topic: string,
  rows: readonly string[][],
): Promise<void> {
  const { query, headers } = publishOptions(world, rows);
  const search = query.size > 0 ? `?${query}` : "";
  const answer = await callApi(world, caller, {
    method: "POST",
    path: `/topics/${encodeURIComponent(world.topic(topic))}${search}`,
    headers,
    body: Buffer.from(payload),
  });
  keepAnswer(world, caller, answer);
}

When(
  "{string} publishes {string} to {string} over HTTPS",
  async function (this: ConformanceWorld, caller: string, payload: string, topic: string) {
    await publishOverHttps(this, caller, payload, topic, []);
  },
);

When(
  "{string} publishes {string} to {string} over HTTPS with:",
  async function (this: ConformanceWorld, caller: string, payload: string, topic: string, table: DataTable) {
    await publishOverHttps(this, caller, payload, topic, table.raw());
  },
);

When(
  "{string} asks over HTTPS for the retained message of {string}",
  async function (this: ConformanceWorld, caller: string, topic: string) {
    keepAnswer(
      this,
      caller,
      await callApi(this, caller, {
        method: "GET",
        path: `/retainedMessage/${encodeURIComponent(this.topic(topic))}`,
      }),
    );
  },
);

When(
  "{string} lists the retained messages over HTTPS, {int} per page",
  async function (this: ConformanceWorld, caller: string, perPage: number) {
    let token: string | undefined;
    for (let page = 0; page < mostPages; page++) {
      const query = new URLSearchParams({ maxResults: String(perPage), ...(token ? { nextToken: token } : {}) });
      const answer = await callApi(this, caller, { method: "GET", path: `/retainedMessage?${query}` });
      keepAnswer(this, caller, answer);
      token = answer.status === 200 ? (answer.body as { nextToken?: string }).nextToken : undefined;
      if (!token) return;
    }
    fail(this, `${caller}: the listing still had a nextToken after ${mostPages} pages`);
  },
);

Then(
  "the HTTPS answer to {string} has status {int}",
  function (this: ConformanceWorld, caller: string, status: number) {
    const answer = lastAnswer(this, caller);
    if (answer.status !== status) fail(this, `${caller}: expected HTTP ${status}, got ${describeAnswer(answer)}`);
  },
);

Then(
  "every HTTPS answer to {string} came over ALPN {string}",
  function (this: ConformanceWorld, caller: string, protocol: string) {
    for (const answer of answersOf(this, caller)) {
      if (answer.alpnProtocol !== protocol)
        fail(
          this,
          `${caller}: expected the HTTPS answer over ALPN "${protocol}", ` +
            `got ${answer.alpnProtocol ? `"${answer.alpnProtocol}"` : "no ALPN protocol"} (${describeAnswer(answer)})`,
        );
    }
  },
);

Then(
  "the HTTPS answer to {string} holds the retained message {string} of {string} at QoS {int}",
  function (this: ConformanceWorld, caller: string, payload: string, topic: string, qos: number) {
    const answer = lastAnswer(this, caller);
    const body = answer.body as { topic?: string; payload?: string; qos?: number; lastModifiedTime?: number };
    const problems = [
      answer.status !== 200 && `status ${answer.status}`,
      body.topic !== this.topic(topic) && `topic ${JSON.stringify(body.topic)}`,
      (typeof body.payload !== "string" || Buffer.from(body.payload, "base64").toString("utf8") !== payload) &&
        `payload ${JSON.stringify(body.payload)} (base64)`,
      body.qos !== qos && `qos ${body.qos}`,
      // set during this scenario: not before it began, not after the answer came
      !(
        typeof body.lastModifiedTime === "number" &&
        body.lastModifiedTime >= this.startedAt - 1000 &&
        body.lastModifiedTime <= Date.now()
      ) && `lastModifiedTime ${body.lastModifiedTime}`,
    ].filter(Boolean);
    if (problems.length > 0)
      fail(
        this,
        `${caller}: expected the retained message ${JSON.stringify(payload)} ` +
          `of ${JSON.stringify(this.topic(topic))} at QoS ${qos}, ` +
          `got ${problems.join(", ")}: ${describeAnswer(answer)}`,
      );
  },
);

Then(
  "the {int} pages {string} got list each of these topics once:",
  function (this: ConformanceWorld, pages: number, caller: string, table: DataTable) {
    const answers = answersOf(this, caller).filter(
      (answer) => (answer.body as { retainedTopics?: unknown }).retainedTopics !== undefined || answer.status !== 200,
    );
    const bad = answers.find((answer) => answer.status !== 200);
    if (bad) fail(this, `${caller}: a page was refused: ${describeAnswer(bad)}`);
    const listed = answers.flatMap(
      (answer) =>
        (
          answer.body as {
            retainedTopics: Array<{ topic: string; payloadSize: number; qos: number; lastModifiedTime: number }>;
          }
        ).retainedTopics,
    );
    const expected = table.hashes().map((row) => ({
      topic: this.topic(row.topic),
      payloadSize: Number(row["payload size"]),
      qos: Number(row.qos),
    }));
    const problems: string[] = [];
    if (answers.length !== pages) problems.push(`${answers.length} pages instead of ${pages}`);
    for (const { topic, payloadSize, qos } of expected) {
      const entries = listed.filter((entry) => entry.topic === topic);
      if (entries.length !== 1) problems.push(`${topic} listed ${entries.length} times`);
      else if (
        entries[0].payloadSize !== payloadSize ||
        entries[0].qos !== qos ||
        typeof entries[0].lastModifiedTime !== "number"
      )
        problems.push(`${topic} listed as ${JSON.stringify(entries[0])}`);
    }
    const stray = listed.filter((entry) => !expected.some((row) => row.topic === entry.topic));
    if (stray.length > 0) problems.push(`topics never retained here: ${stray.map((entry) => entry.topic).join(", ")}`);
    if (problems.length > 0)
      fail(this, `${caller}: expected each retained topic once over ${pages} pages, got ${problems.join("; ")}`);
  },
);
