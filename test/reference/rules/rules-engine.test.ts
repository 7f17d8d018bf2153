// The rules engine: matching rules run their actions after delivery, HTTP actions POST the
// output, failing actions are counted and reported without throwing, and rules come from the
// broker configuration, which refuses SQL that does not parse.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Broker } from "../../../brokers/reference/src/broker.ts";
import { resolveConfig } from "../../../brokers/reference/src/config.ts";
import type { Message } from "../../../brokers/reference/src/message.ts";
import { MemoryRetainedStore } from "../../../brokers/reference/src/retained/retained-store.ts";
import type { RuleConfig } from "../../../brokers/reference/src/rules/rule-config.ts";
import { RulesEngine } from "../../../brokers/reference/src/rules/rules-engine.ts";
import { MemorySessionStore } from "../../../brokers/reference/src/sessions/session-store.ts";

const lastWillSql =
  "SELECT * FROM '/last/will/topic' WHERE state.reported.last_will = 'yes' AND state.reported.trigger_action = 'on'";

function message(topic: string, payload: unknown): Message {
  return {
    topic,
    payload: Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload)),
    qos: 0,
    retain: false,
    properties: {},
  };
}

const will = (triggerAction: string) =>
  message("/last/will/topic", {
    state: { reported: { last_will: "yes", trigger_action: triggerAction, client_id: "lwtThing" } },
  });

interface Recorded {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback HTTP server that records every request and answers with `status`. */
async function notificationSink(status = 204): Promise<{ url: string; calls: Recorded[]; server: Server }> {
  const calls: Recorded[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      calls.push({ method: request.method ?? "", headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`, calls, server };
}

describe("RulesEngine", () => {
  let republish: ReturnType<typeof vi.fn<(message: Message, rule: string) => void>>;
  let warn: ReturnType<typeof vi.fn<(text: string) => void>>;
  const servers: Server[] = [];

  beforeEach(() => {
    republish = vi.fn<(message: Message, rule: string) => void>();
    warn = vi.fn<(text: string) => void>();
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  function engine(rules: RuleConfig[]): RulesEngine {
    return new RulesEngine(rules, { profile: "aws-iot-core", republish, warn, httpTimeoutMs: 1000 });
  }

  it("republishes a matching message, after the caller has returned", async () => {
    const rules = engine([
      { name: "lastWillRule", sql: lastWillSql, actions: [{ republish: { topic: "/lwt/executed", qos: 1 } }] },
    ]);
    const input = will("on");
    rules.consider(input);
    expect(republish).not.toHaveBeenCalled(); // actions never run inside delivery
    await rules.settled();
    expect(republish).toHaveBeenCalledTimes(1);
    const [output, ruleName] = republish.mock.calls[0];
    expect(ruleName).toBe("lastWillRule");
    expect(output).toMatchObject({ topic: "/lwt/executed", qos: 1, retain: false });
    expect(output.payload.equals(input.payload)).toBe(true);
    expect(rules.statistics).toEqual({ matched: 1, actionsSucceeded: 1, actionsFailed: 0 });
  });

  it("runs no action for a message the WHERE clause rejects, or on another topic", async () => {
    const rules = engine([{ sql: lastWillSql, actions: [{ republish: { topic: "/lwt/executed", qos: 0 } }] }]);
    rules.consider(will("off"));
    rules.consider({ ...will("on"), topic: "/lwt/connected/topic" });
    await rules.settled();
    expect(republish).not.toHaveBeenCalled();
    expect(rules.statistics.matched).toBe(0);
  });

  it("POSTs the rule's output as JSON to an HTTP action", async () => {
    const sink = await notificationSink();
    servers.push(sink.server);
    const rules = engine([{ sql: lastWillSql, actions: [{ http: { url: sink.url } }] }]);
    const input = will("on");
    rules.consider(input);
    await rules.settled();
    expect(sink.calls).toHaveLength(1);
    expect(sink.calls[0].method).toBe("POST");
    expect(sink.calls[0].headers["content-type"]).toBe("application/json");
    expect(sink.calls[0].body).toBe(input.payload.toString());
  });

  it("counts and reports a failing HTTP action without throwing, and keeps running the others", async () => {
    const failing = await notificationSink(500);
    servers.push(failing.server);
    const rules = engine([
      {
        name: "notify",
        sql: lastWillSql,
        actions: [
          { http: { url: failing.url } },
          { http: { url: "http://127.0.0.1:1/unreachable" } },
          { republish: { topic: "/lwt/executed", qos: 0 } },
        ],
      },
    ]);
    rules.consider(will("on"));
    await rules.settled();
    expect(rules.statistics).toEqual({ matched: 1, actionsSucceeded: 1, actionsFailed: 2 });
    expect(republish).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls.map(([text]) => text).join("\n")).toMatch(
      /rule notify: http action failed: .*answered 500/,
    );
  });

  it("counts a republish that throws, and never lets it reach the caller", async () => {
    republish.mockImplementation(() => {
      throw new Error("routing failed");
    });
    const rules = engine([{ sql: "SELECT * FROM '#'", actions: [{ republish: { topic: "out", qos: 0 } }] }]);
    expect(() => rules.consider(message("in", "x"))).not.toThrow();
    await rules.settled();
    expect(rules.statistics.actionsFailed).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("republish action failed: routing failed"));
  });

  it("names rules rule-1, rule-2... when the configuration gives no name", async () => {
    const rules = engine([
      { sql: "SELECT * FROM 'a'", actions: [{ republish: { topic: "x", qos: 0 } }] },
      { sql: "SELECT * FROM 'b'", actions: [{ republish: { topic: "x", qos: 0 } }] },
    ]);
    rules.consider(message("b", "{}"));
    await rules.settled();
    expect(republish.mock.calls[0][1]).toBe("rule-2");
  });
});

describe("rules in the broker configuration", () => {
  it("refuses SQL that does not parse, naming the rule and the position", () => {
    expect(() =>
      resolveConfig({
        rules: [
          {
            sql: "SELECT * FROM '/last/will/topic' WHERE state.reported.last_will = ",
            actions: [{ republish: { topic: "x" } }],
          },
        ],
      }),
    ).toThrow(
      new RegExp(
        /rules\.0\.sql: invalid rule SQL at position 67: /.source +
          /expected a field, a literal or \(, found the end of the statement/.source,
      ),
    );
  });

  it(
    "refuses a republish topic with a wildcard, an HTTP action that is not http(s), " + "and a rule without actions",
    () => {
      expect(() =>
        resolveConfig({ rules: [{ sql: "SELECT * FROM 'a'", actions: [{ republish: { topic: "out/#" } }] }] }),
      ).toThrow(/cannot contain \+ or #/);
      expect(() =>
        resolveConfig({ rules: [{ sql: "SELECT * FROM 'a'", actions: [{ http: { url: "ftp://127.0.0.1/x" } }] }] }),
      ).toThrow(/rules\.0\.actions\.0/);
      expect(() => resolveConfig({ rules: [{ sql: "SELECT * FROM 'a'", actions: [] }] })).toThrow(/rules\.0\.actions/);
    },
  );

  it("does not feed a rule's republished message back to the rules", async () => {
    const config = resolveConfig({
      rules: [{ sql: "SELECT * FROM '#'", actions: [{ republish: { topic: "echo" } }] }],
    });
    const broker = new Broker(config, { sessions: new MemorySessionStore(), retained: new MemoryRetainedStore() });
    broker.publish(message("start", "{}"), { clientId: "device" });
    await broker.rules.settled();
    expect(broker.rules.statistics).toEqual({ matched: 1, actionsSucceeded: 1, actionsFailed: 0 });
  });
});
