// How rules are written in the broker's configuration [MON-03]:
//
//   rules: [{ name?, sql: "SELECT * FROM '...' WHERE ...",
//             actions: [{ republish: { topic, qos? } } | { http: { url } }] }]
//
// The SQL is parsed while the configuration is validated, so a broker with a rule that does not
// parse refuses to start and says where the statement goes wrong.
import { z } from "zod";
import { parseRuleSql, RuleSqlError } from "./rule-sql.ts";

const republishActionSchema = z
  .object({
    republish: z
      .object({
        /** Topic the rule's output is published to; no wildcards. */
        topic: z
          .string()
          .min(1)
          .refine((topic) => !/[+#]/.test(topic), "a republish topic cannot contain + or #"),
        /** QoS of the republished message (default 0). */
        qos: z.union([z.literal(0), z.literal(1)]).default(0),
      })
      .strict(),
  })
  .strict();

const httpActionSchema = z
  .object({
    http: z
      .object({
        /** The rule's output is POSTed here (the stand-in for an e-mail notification service). */
        url: z.url({ protocol: /^https?$/ }),
      })
      .strict(),
  })
  .strict();

export const ruleActionSchema = z.union([republishActionSchema, httpActionSchema]);

export const ruleSchema = z
  .object({
    /** Name used in logs (default `rule-<n>`, counting from 1). */
    name: z.string().min(1).optional(),
    sql: z.string().superRefine((sql, context) => {
      try {
        parseRuleSql(sql);
      } catch (error) {
        if (!(error instanceof RuleSqlError)) throw error;
        context.addIssue({ code: "custom", message: error.message });
      }
    }),
    actions: z.array(ruleActionSchema).min(1),
  })
  .strict();

export type RuleConfig = z.output<typeof ruleSchema>;
export type RuleAction = z.output<typeof ruleActionSchema>;
