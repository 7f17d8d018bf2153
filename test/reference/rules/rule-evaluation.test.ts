// Evaluating rules against payloads: the WHERE condition in three-valued logic, and what the
// SELECT hands to the actions.
import { describe, expect, it } from "vitest";
import { matchesWhere, parsePayload, selectOutput } from "../../../brokers/reference/src/rules/rule-evaluation.ts";
import { parseRuleSql } from "../../../brokers/reference/src/rules/rule-sql.ts";

const lastWillRule =
  "SELECT * FROM '/last/will/topic' WHERE state.reported.last_will = 'yes' AND state.reported.trigger_action = 'on'";
const lastWill = (triggerAction: string) => ({
  state: { reported: { last_will: "yes", trigger_action: triggerAction, client_id: "lwtThing" } },
});

const cases: Array<{ name: string; where: string; document: unknown; fires: boolean }> = [
  {
    name: "the walk-through's Will [MON-03]",
    where: lastWillRule.split(" WHERE ")[1],
    document: lastWill("on"),
    fires: true,
  },
  {
    name: "a Will with trigger_action off [MON-04]",
    where: lastWillRule.split(" WHERE ")[1],
    document: lastWill("off"),
    fires: false,
  },
  { name: "a missing path is not equal to anything", where: "a.b = 'x'", document: { a: {} }, fires: false },
  { name: "nor unequal to anything (undefined, not true)", where: "a.b <> 'x'", document: { a: {} }, fires: false },
  { name: "NOT of undefined stays undefined", where: "NOT (a = 1)", document: {}, fires: false },
  { name: "NOT of false is true", where: "NOT (a = 1)", document: { a: 2 }, fires: true },
  {
    name: "OR is true when one side is true, even if the other is undefined",
    where: "missing = 1 OR a = 2",
    document: { a: 2 },
    fires: true,
  },
  {
    name: "AND with an undefined side does not fire",
    where: "missing = 1 AND a = 2",
    document: { a: 2 },
    fires: false,
  },
  {
    name: "AND is false when one side is false, even if the other is undefined",
    where: "NOT (missing = 1 AND a = 3)",
    document: { a: 2 },
    fires: true,
  },
  { name: "numbers order as numbers", where: "battery < 10", document: { battery: 9.5 }, fires: true },
  { name: "strings order as strings", where: "name > 'm'", document: { name: "n" }, fires: true },
  { name: "ordering across types is undefined", where: "battery < 10", document: { battery: "9" }, fires: false },
  { name: "equality across types is false", where: "battery = 9", document: { battery: "9" }, fires: false },
  { name: "inequality across types is true", where: "battery <> 9", document: { battery: "9" }, fires: true },
  {
    name: "booleans compare with boolean literals",
    where: "online = false",
    document: { online: false },
    fires: true,
  },
  { name: "a bare boolean field is a condition", where: "online", document: { online: true }, fires: true },
  { name: "a bare non-boolean field is not", where: "online", document: { online: "yes" }, fires: false },
  { name: "a path through a non-object is undefined", where: "a.b.c = 1", document: { a: "text" }, fires: false },
  { name: "<= and >= include equality", where: "a <= 2 AND a >= 2", document: { a: 2 }, fires: true },
  { name: "objects compare by content", where: "a = b", document: { a: { x: 1 }, b: { x: 1 } }, fires: true },
];

describe("matchesWhere", () => {
  it.each(cases)("$name", ({ where, document, fires }) => {
    expect(matchesWhere(parseRuleSql(`SELECT * FROM 'x' WHERE ${where}`), document)).toBe(fires);
  });

  it("fires on every message when there is no WHERE", () => {
    expect(matchesWhere(parseRuleSql("SELECT * FROM 'x'"), undefined)).toBe(true);
  });

  it("does not fire on a payload that is not JSON when the WHERE needs a field", () => {
    const document = parsePayload(Buffer.from("not json"));
    expect(document).toBeUndefined();
    expect(matchesWhere(parseRuleSql(lastWillRule), document)).toBe(false);
  });
});

describe("selectOutput", () => {
  it("SELECT * passes the payload on byte for byte", () => {
    const payload = Buffer.from('{ "state" :{"reported":{"last_will":"yes"}} }');
    const output = selectOutput(parseRuleSql("SELECT * FROM 'x'"), payload, parsePayload(payload));
    expect(output.payload.equals(payload)).toBe(true);
    expect(output.json).toBe(true);
  });

  it("SELECT * of a payload that is not JSON is passed on, marked as not JSON", () => {
    const payload = Buffer.from([0xff, 0x00]);
    expect(selectOutput(parseRuleSql("SELECT * FROM 'x'"), payload, parsePayload(payload))).toEqual({
      payload,
      json: false,
    });
  });

  it("selected fields make a new document, named by alias or last segment, missing ones left out", () => {
    const document = lastWill("on");
    const query = parseRuleSql(
      "SELECT state.reported.client_id AS device, state.reported.trigger_action, battery FROM 'x'",
    );
    const output = selectOutput(query, Buffer.from(JSON.stringify(document)), document);
    expect(JSON.parse(output.payload.toString())).toEqual({ device: "lwtThing", trigger_action: "on" });
    expect(output.json).toBe(true);
  });
});
