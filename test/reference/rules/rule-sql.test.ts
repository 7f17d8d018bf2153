// The rule SQL parser: statements it accepts (and what they mean), and statements it refuses
// with the position of the first problem.
import { describe, expect, it } from "vitest";
import { parseRuleSql, RuleSqlError, type RuleQuery } from "../../../brokers/reference/src/rules/rule-sql.ts";

const path = (text: string) => ({ kind: "path", path: text.split(".") }) as const;
const literal = (value: string | number | boolean) => ({ kind: "literal", value }) as const;

const accepted: Array<{ name: string; sql: string; query: RuleQuery }> = [
  {
    name: "the walk-through's rule, with both quote styles as written there",
    sql:
      `SELECT * FROM '/last/will/topic' where state.reported.last_will="yes" ` +
      `and state.reported.trigger_action = 'on'`,
    query: {
      select: "*",
      from: "/last/will/topic",
      where: {
        kind: "and",
        left: { kind: "comparison", operator: "=", left: path("state.reported.last_will"), right: literal("yes") },
        right: {
          kind: "comparison",
          operator: "=",
          left: path("state.reported.trigger_action"),
          right: literal("on"),
        },
      },
    },
  },
  {
    name: "no WHERE clause and a wildcard filter",
    sql: "SELECT * FROM 'devices/+/telemetry/#'",
    query: { select: "*", from: "devices/+/telemetry/#" },
  },
  {
    name: "selected fields, one renamed",
    sql: "SELECT state.reported.client_id AS device, battery FROM 'x'",
    query: {
      select: [
        { path: ["state", "reported", "client_id"], name: "device" },
        { path: ["battery"], name: "battery" },
      ],
      from: "x",
    },
  },
  {
    name: "AND binds tighter than OR; NOT applies to what follows",
    sql: "SELECT * FROM 'x' WHERE a = 1 OR NOT b <> 'z' AND c",
    query: {
      select: "*",
      from: "x",
      where: {
        kind: "or",
        left: { kind: "comparison", operator: "=", left: path("a"), right: literal(1) },
        right: {
          kind: "and",
          left: { kind: "not", operand: { kind: "comparison", operator: "<>", left: path("b"), right: literal("z") } },
          right: path("c"),
        },
      },
    },
  },
  {
    name: "parentheses, every comparison operator, numbers, booleans and a doubled quote",
    sql: "SELECT * FROM 'x' WHERE (a < -1.5 OR a > 2) AND (b <= 3 OR b >= 4) AND ok = TRUE AND name = 'it''s'",
    query: {
      select: "*",
      from: "x",
      where: {
        kind: "and",
        left: {
          kind: "and",
          left: {
            kind: "and",
            left: {
              kind: "or",
              left: { kind: "comparison", operator: "<", left: path("a"), right: literal(-1.5) },
              right: { kind: "comparison", operator: ">", left: path("a"), right: literal(2) },
            },
            right: {
              kind: "or",
              left: { kind: "comparison", operator: "<=", left: path("b"), right: literal(3) },
              right: { kind: "comparison", operator: ">=", left: path("b"), right: literal(4) },
            },
          },
          right: { kind: "comparison", operator: "=", left: path("ok"), right: literal(true) },
        },
        right: { kind: "comparison", operator: "=", left: path("name"), right: literal("it's") },
      },
    },
  },
];

// position: 1-based index of the first character the parser could not accept
const rejected: Array<{ name: string; sql: string; position: number; problem: RegExp }> = [
  { name: "misspelt FROM", sql: "SELECT * FORM 'x'", position: 10, problem: /expected FROM, found "FORM"/ },
  { name: "nothing selected", sql: "SELECT FROM 'x'", position: 8, problem: /expected \* or a field to select/ },
  {
    name: "unquoted topic filter",
    sql: "SELECT * FROM topic",
    position: 15,
    problem: /topic filter as a quoted string/,
  },
  {
    name: "invalid topic filter",
    sql: "SELECT * FROM 'a/#/b'",
    position: 15,
    problem: /'a\/#\/b' is not a valid topic filter/,
  },
  {
    name: "unterminated string",
    sql: "SELECT * FROM 'x' WHERE a = 'on",
    position: 29,
    problem: /string is not closed/,
  },
  {
    name: "dangling AND",
    sql: "SELECT * FROM 'x' WHERE a = 1 AND",
    position: 34,
    problem: /expected a field, a literal or \(, found the end/,
  },
  {
    name: "unknown operator",
    sql: "SELECT * FROM 'x' WHERE a != 1",
    position: 27,
    problem: /unexpected character "!"/,
  },
  { name: "missing closing parenthesis", sql: "SELECT * FROM 'x' WHERE (a = 1", position: 31, problem: /expected \)/ },
  {
    name: "two conditions without AND or OR",
    sql: "SELECT * FROM 'x' WHERE a = 1 b = 2",
    position: 31,
    problem: /expected AND, OR or the end/,
  },
  {
    name: "text after the statement",
    sql: "SELECT * FROM 'x' LIMIT 1",
    position: 19,
    problem: /expected WHERE or the end/,
  },
  {
    name: "a path ending in a dot",
    sql: "SELECT * FROM 'x' WHERE state. = 1",
    position: 32,
    problem: /expected a field name after \./,
  },
  { name: "not a SELECT", sql: "DELETE FROM 'x'", position: 1, problem: /expected SELECT/ },
];

describe("parseRuleSql", () => {
  it.each(accepted)("accepts $name", ({ sql, query }) => {
    expect(parseRuleSql(sql)).toEqual(query);
  });

  it.each(rejected)("refuses $name at position $position", ({ sql, position, problem }) => {
    let error: unknown;
    try {
      parseRuleSql(sql);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RuleSqlError);
    const failure = error as RuleSqlError;
    expect(failure.position).toBe(position);
    expect(failure.problem).toMatch(problem);
    // the message shows the statement with a caret under the position
    expect(failure.message).toContain(`at position ${position}`);
    expect(failure.message.split("\n")[2]).toBe(`  ${" ".repeat(position - 1)}^`);
  });

  it("reads keywords in any case", () => {
    expect(parseRuleSql("select * from 'x' WhErE a = true")).toEqual(parseRuleSql("SELECT * FROM 'x' WHERE a = TRUE"));
  });
});
