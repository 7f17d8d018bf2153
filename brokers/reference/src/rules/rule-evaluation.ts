// Evaluating a parsed rule against one message [MON-03] [MON-04]: whether its WHERE condition
// holds for the JSON payload, and what the SELECT makes of the message.
//
// Conditions use three-valued logic, as SQL does: a path missing from the payload (or a payload
// that is not JSON) is undefined, any comparison with undefined is undefined, and the rule fires
// only when the whole condition is true. So `NOT (a = 1)` does not fire for a payload without `a`.
import type { ComparisonOperator, Condition, Literal, RuleQuery } from "./rule-sql.ts";

type Truth = boolean | undefined;
type Value = Literal | null | object | undefined;

/** What a rule hands to its actions. */
export interface RuleOutput {
  payload: Buffer;
  /** Whether the payload is a JSON document (decides the HTTP content type). */
  json: boolean;
}

/** The payload as JSON, or undefined when it is not JSON. */
export function parsePayload(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString("utf8"));
  } catch {
    return undefined;
  }
}

function lookup(document: unknown, path: readonly string[]): Value {
  let current: unknown = document;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current as Value;
}

function conditionValue(condition: Condition, document: unknown): Value {
  switch (condition.kind) {
    case "literal":
      return condition.value;
    case "path":
      return lookup(document, condition.path);
    default:
      return truthOf(condition, document);
  }
}

function compare(operator: ComparisonOperator, left: Value, right: Value): Truth {
  if (left === undefined || right === undefined) return undefined;
  const sameKind = typeof left === typeof right && (left === null) === (right === null);
  if (operator === "=" || operator === "<>") {
    // objects and arrays compare by content, as their JSON texts
    const equal =
      sameKind && (typeof left === "object" ? JSON.stringify(left) === JSON.stringify(right) : left === right);
    return operator === "=" ? equal : !equal;
  }
  // ordering is defined between two numbers or two strings only
  const ordered = sameKind && (typeof left === "number" || typeof left === "string");
  if (!ordered) return undefined;
  const [a, b] = [left as number | string, right as number | string];
  switch (operator) {
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case ">=":
      return a >= b;
  }
}

function truthOf(condition: Condition, document: unknown): Truth {
  switch (condition.kind) {
    case "comparison":
      return compare(
        condition.operator,
        conditionValue(condition.left, document),
        conditionValue(condition.right, document),
      );
    case "and":
    case "or": {
      // the deciding value (false for AND, true for OR) wins even against undefined
      const deciding = condition.kind === "or";
      const left = truthOf(condition.left, document);
      const right = truthOf(condition.right, document);
      if (left === deciding || right === deciding) return deciding;
      return left === undefined || right === undefined ? undefined : !deciding;
    }
    case "not": {
      const operand = truthOf(condition.operand, document);
      return operand === undefined ? undefined : !operand;
    }
    default: {
      // a bare field or literal is a condition when it is a boolean
      const value = conditionValue(condition, document);
      return typeof value === "boolean" ? value : undefined;
    }
  }
}

/** Whether the rule fires for this payload: no WHERE, or a WHERE that is true. */
export function matchesWhere(query: RuleQuery, document: unknown): boolean {
  return query.where === undefined || truthOf(query.where, document) === true;
}

/** The SELECT applied: `*` keeps the payload byte for byte; fields make a new JSON document. */
export function selectOutput(query: RuleQuery, payload: Buffer, document: unknown): RuleOutput {
  if (query.select === "*") return { payload, json: document !== undefined };
  const selected: Record<string, unknown> = {};
  for (const field of query.select) {
    const value = lookup(document, field.path);
    if (value !== undefined) selected[field.name] = value;
  }
  return { payload: Buffer.from(JSON.stringify(selected)), json: true };
}
