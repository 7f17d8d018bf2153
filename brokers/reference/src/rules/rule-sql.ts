// The rule language of the reference broker's rules engine [MON-03]: a small subset of the AWS
// IoT SQL dialect, enough for the monitoring walk-through and readable in one sitting:
//
//   SELECT <* | path [AS name], ...> FROM '<topic filter>' [WHERE <condition>]
//
// A condition compares dotted paths into the JSON payload with string, number and boolean
// literals (`=`, `<>`, `<`, `>`, `<=`, `>=`), combined with AND, OR, NOT and parentheses.
// Keywords are case-insensitive; strings take single or double quotes (the walk-through writes
// both), a quote inside a string is doubled. A statement that does not parse is refused with the
// 1-based position of the first character that could not be read.

export type ComparisonOperator = "=" | "<>" | "<" | ">" | "<=" | ">=";
export type Literal = string | number | boolean;

export type Condition =
  | { kind: "literal"; value: Literal }
  | { kind: "path"; path: string[] }
  | { kind: "comparison"; operator: ComparisonOperator; left: Condition; right: Condition }
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition };

export interface SelectedField {
  path: string[];
  /** Name in the output document: the alias, or the last segment of the path. */
  name: string;
}

export interface RuleQuery {
  /** `*` keeps the message as it is; otherwise the fields to copy into a new JSON document. */
  select: "*" | SelectedField[];
  /** Topic filter of the messages the rule looks at. */
  from: string;
  where?: Condition;
}

/** A statement that does not parse, with the 1-based position of the offending character. */
export class RuleSqlError extends Error {
  constructor(
    readonly sql: string,
    readonly position: number,
    readonly problem: string,
  ) {
    super(`invalid rule SQL at position ${position}: ${problem}\n  ${sql}\n  ${" ".repeat(position - 1)}^`);
  }
}

type TokenKind = "keyword" | "identifier" | "string" | "number" | "operator" | "punctuation" | "end";

interface Token {
  kind: TokenKind;
  /** Keywords upper-cased, strings unquoted, everything else as written. */
  text: string;
  /** 0-based offset in the statement. */
  offset: number;
}

const keywords = new Set(["SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "AS", "TRUE", "FALSE"]);
const comparisonOperators: readonly string[] = ["<>", "<=", ">=", "=", "<", ">"];

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  const fail = (at: number, problem: string): never => {
    throw new RuleSqlError(sql, at + 1, problem);
  };
  while (offset < sql.length) {
    const rest = sql.slice(offset);
    const space = /^\s+/.exec(rest);
    if (space) {
      offset += space[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (word) {
      const upper = word[0].toUpperCase();
      tokens.push(
        keywords.has(upper) ? { kind: "keyword", text: upper, offset } : { kind: "identifier", text: word[0], offset },
      );
      offset += word[0].length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: "number", text: number[0], offset });
      offset += number[0].length;
      continue;
    }
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      let text = "";
      let index = offset + 1;
      for (;;) {
        if (index >= sql.length) fail(offset, "string is not closed");
        if (sql[index] === quote && sql[index + 1] === quote) {
          text += quote;
          index += 2;
        } else if (sql[index] === quote) break;
        else text += sql[index++];
      }
      tokens.push({ kind: "string", text, offset });
      offset = index + 1;
      continue;
    }
    const operator = comparisonOperators.find((candidate) => rest.startsWith(candidate));
    if (operator) {
      tokens.push({ kind: "operator", text: operator, offset });
      offset += operator.length;
      continue;
    }
    if ("*,.()".includes(quote)) {
      tokens.push({ kind: "punctuation", text: quote, offset });
      offset += 1;
      continue;
    }
    fail(offset, `unexpected character ${JSON.stringify(quote)}`);
  }
  tokens.push({ kind: "end", text: "", offset: sql.length });
  return tokens;
}

function describeToken(token: Token): string {
  if (token.kind === "end") return "the end of the statement";
  if (token.kind === "string") return `the string '${token.text}'`;
  return JSON.stringify(token.text);
}

/** Recursive descent over the tokens; each method reads one rule of the grammar above. */
class Parser {
  private index = 0;

  constructor(
    private readonly sql: string,
    private readonly tokens: Token[],
  ) {}

  parseQuery(): RuleQuery {
    this.expectKeyword("SELECT");
    const select = this.parseSelectList();
    this.expectKeyword("FROM");
    const from = this.parseTopicFilter();
    const where = this.acceptKeyword("WHERE") ? this.parseOr() : undefined;
    const next = this.peek();
    if (next.kind !== "end")
      this.fail(
        next,
        where ? "expected AND, OR or the end of the statement" : "expected WHERE or the end of the statement",
      );
    return { select, from, ...(where ? { where } : {}) };
  }

  private parseSelectList(): RuleQuery["select"] {
    if (this.acceptPunctuation("*")) return "*";
    const fields: SelectedField[] = [this.parseSelectedField()];
    while (this.acceptPunctuation(",")) fields.push(this.parseSelectedField());
    return fields;
  }

  private parseSelectedField(): SelectedField {
    const path = this.parsePath("expected * or a field to select");
    const name = this.acceptKeyword("AS") ? this.expectIdentifier("expected a name after AS") : path[path.length - 1];
    return { path, name };
  }

  private parseTopicFilter(): string {
    const token = this.peek();
    if (token.kind !== "string") this.fail(token, "expected the topic filter as a quoted string");
    const levels = token.text.split("/");
    // [MQTT-4.7.1-2] `#` alone and last; [MQTT-4.7.1-3] `+` fills a whole level
    const misplaced = levels.some(
      (level, index) =>
        (level.includes("#") && (level !== "#" || index !== levels.length - 1)) ||
        (level.includes("+") && level !== "+"),
    );
    if (token.text.length === 0 || misplaced) this.fail(token, `'${token.text}' is not a valid topic filter`);
    this.index++;
    return token.text;
  }

  private parseOr(): Condition {
    let left = this.parseAnd();
    while (this.acceptKeyword("OR")) left = { kind: "or", left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseNot();
    while (this.acceptKeyword("AND")) left = { kind: "and", left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Condition {
    if (this.acceptKeyword("NOT")) return { kind: "not", operand: this.parseNot() };
    return this.parseComparison();
  }

  private parseComparison(): Condition {
    const left = this.parseOperand();
    const token = this.peek();
    if (token.kind !== "operator") return left;
    this.index++;
    return { kind: "comparison", operator: token.text as ComparisonOperator, left, right: this.parseOperand() };
  }

  private parseOperand(): Condition {
    const token = this.peek();
    if (this.acceptPunctuation("(")) {
      const inner = this.parseOr();
      if (!this.acceptPunctuation(")")) this.fail(this.peek(), "expected )");
      return inner;
    }
    if (token.kind === "string") {
      this.index++;
      return { kind: "literal", value: token.text };
    }
    if (token.kind === "number") {
      this.index++;
      return { kind: "literal", value: Number(token.text) };
    }
    if (token.kind === "keyword" && (token.text === "TRUE" || token.text === "FALSE")) {
      this.index++;
      return { kind: "literal", value: token.text === "TRUE" };
    }
    return { kind: "path", path: this.parsePath("expected a field, a literal or (") };
  }

  private parsePath(problem: string): string[] {
    const path = [this.expectIdentifier(problem)];
    while (this.acceptPunctuation(".")) path.push(this.expectIdentifier("expected a field name after ."));
    return path;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (token.kind !== "keyword" || token.text !== keyword) return false;
    this.index++;
    return true;
  }

  private acceptPunctuation(text: string): boolean {
    const token = this.peek();
    if (token.kind !== "punctuation" || token.text !== text) return false;
    this.index++;
    return true;
  }

  private expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) this.fail(this.peek(), `expected ${keyword}`);
  }

  private expectIdentifier(problem: string): string {
    const token = this.peek();
    if (token.kind !== "identifier") this.fail(token, problem);
    this.index++;
    return token.text;
  }

  private fail(token: Token, problem: string): never {
    throw new RuleSqlError(this.sql, token.offset + 1, `${problem}, found ${describeToken(token)}`);
  }
}

/** Parses a rule statement; throws RuleSqlError naming the position of the first problem. */
export function parseRuleSql(sql: string): RuleQuery {
  return new Parser(sql, tokenize(sql)).parseQuery();
}
