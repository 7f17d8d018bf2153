// The rules engine [MON-03] [MON-04]: every routed message is offered to the configured rules;
// a rule whose FROM filter matches and whose WHERE holds runs its actions (republish to a topic,
// POST to an HTTP endpoint). Actions run after delivery has been done and never hold it up; a
// failing action is logged and counted, and never reaches the caller.
import type { Profile } from "../config.ts";
import { topicMatches } from "../matcher.ts";
import type { Message } from "../message.ts";
import type { RuleAction, RuleConfig } from "./rule-config.ts";
import { matchesWhere, parsePayload, selectOutput, type RuleOutput } from "./rule-evaluation.ts";
import { parseRuleSql, type RuleQuery } from "./rule-sql.ts";

export interface RulesEngineOptions {
  profile: Profile;
  /** Routes a message a rule republished; it is not offered to the rules again. */
  republish: (message: Message, ruleName: string) => void;
  /** Where failures are reported. */
  warn: (text: string) => void;
  /** Bound on one HTTP action, milliseconds. */
  httpTimeoutMs?: number;
}

export interface RuleStatistics {
  /** Messages for which a rule's FROM and WHERE both held. */
  matched: number;
  actionsSucceeded: number;
  actionsFailed: number;
}

interface CompiledRule {
  name: string;
  query: RuleQuery;
  actions: RuleAction[];
}

const defaultHttpTimeoutMs = 5000;

export class RulesEngine {
  readonly statistics: RuleStatistics = { matched: 0, actionsSucceeded: 0, actionsFailed: 0 };
  private readonly rules: CompiledRule[];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    configs: readonly RuleConfig[],
    private readonly options: RulesEngineOptions,
  ) {
    this.rules = configs.map((config, index) => ({
      name: config.name ?? `rule-${index + 1}`,
      query: parseRuleSql(config.sql),
      actions: config.actions,
    }));
  }

  /** Offers a routed message to every rule; matching rules run their actions later. */
  consider(message: Message): void {
    if (this.rules.length === 0 || this.abort.signal.aborted) return;
    let document: unknown;
    let parsed = false;
    for (const rule of this.rules) {
      if (!topicMatches(rule.query.from, message.topic, this.options.profile)) continue;
      if (!parsed) {
        document = parsePayload(message.payload);
        parsed = true;
      }
      if (!matchesWhere(rule.query, document)) continue;
      this.statistics.matched++;
      const output = selectOutput(rule.query, message.payload, document);
      for (const action of rule.actions) this.track(this.run(rule.name, action, output));
    }
  }

  /** Resolves when every action started so far has finished. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Abandons pending HTTP actions: the broker is stopping. */
  stop(): void {
    this.abort.abort();
  }

  private track(action: Promise<void>): void {
    this.inFlight.add(action);
    void action.finally(() => this.inFlight.delete(action));
  }

  private async run(ruleName: string, action: RuleAction, output: RuleOutput): Promise<void> {
    // let the caller finish delivering the message before any action starts
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      if ("republish" in action) this.options.republish(republished(action.republish, output), ruleName);
      else await this.post(action.http.url, output);
      this.statistics.actionsSucceeded++;
    } catch (error) {
      this.statistics.actionsFailed++;
      this.options.warn(
        `rule ${ruleName}: ${"republish" in action ? "republish" : "http"} action failed: ` +
          `${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async post(url: string, output: RuleOutput): Promise<void> {
    const signal = AbortSignal.any([
      this.abort.signal,
      AbortSignal.timeout(this.options.httpTimeoutMs ?? defaultHttpTimeoutMs),
    ]);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": output.json ? "application/json" : "application/octet-stream" },
      body: new Uint8Array(output.payload),
      signal,
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  }
}

function republished(target: { topic: string; qos: 0 | 1 }, output: RuleOutput): Message {
  return { topic: target.topic, payload: output.payload, qos: target.qos, retain: false, properties: {} };
}
