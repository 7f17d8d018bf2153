// `mqtt-conformance verdicts --from reports/matrix.json`: records what a matrix run observed as
// each broker's expected verdicts (brokers/<name>/expected-verdicts.yaml). A listed ID keeps its
// hand-written reason while it still fails; an ID that no longer fails is dropped; a new one is
// added with the behaviour the run observed, to be read and, where it says too little, reworded.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import {
  expectedVerdictsPath,
  expectedVerdictsText,
  listedVerdictsOf,
  loadExpectedVerdicts,
  recordedVerdicts,
  type ListedVerdict,
  type ObservedVerdicts,
  expectedVerdictsSchema,
} from "../support/brokers/expected-verdicts.ts";
import type { RunResults } from "../support/results/results.ts";
import { profileNames } from "../support/targets/target.ts";

/** Per broker, what each of its runs observed (reports/matrix.json holds the runs of a matrix). */
function observedByBroker(runs: readonly RunResults[]): Map<string, ObservedVerdicts[]> {
  const byBroker = new Map<string, ObservedVerdicts[]>();
  for (const run of runs) {
    if (!(profileNames as readonly string[]).includes(run.profile)) continue;
    const observed = { profile: run.profile as ObservedVerdicts["profile"], found: listedVerdictsOf(run) };
    byBroker.set(run.broker, [...(byBroker.get(run.broker) ?? []), observed]);
  }
  return byBroker;
}

export function verdictsCommand(options: { from: string; brokers?: string[]; out?: NodeJS.WritableStream }): number {
  const out = options.out ?? process.stdout;
  if (!existsSync(options.from))
    throw new Error(`no matrix at ${options.from}: run \`mqtt-conformance matrix\` first`);
  const runs = JSON.parse(readFileSync(options.from, "utf8")) as RunResults[];
  if (!Array.isArray(runs)) throw new Error(`${options.from} is not the runs of a matrix (reports/matrix.json)`);
  let changes = 0;
  for (const [broker, observed] of observedByBroker(runs)) {
    if (options.brokers && !options.brokers.includes(broker)) continue;
    const path = expectedVerdictsPath(broker);
    const previousText = existsSync(path) ? readFileSync(path, "utf8") : "";
    const previous = previousText ? loadExpectedVerdicts(broker) : expectedVerdictsSchema.parse({});
    const { verdicts, added, removed } = recordedVerdicts(previous, observed);
    writeFileSync(path, expectedVerdictsText(previousText, verdicts));
    changes += added.length + removed.length;
    out.write(`${broker}: ${added.length} added, ${removed.length} removed (${path})\n`);
    for (const line of added) {
      const [profile, verdict, id] = line.split(" ");
      out.write(`  + ${line}: ${verdicts[profile as keyof typeof verdicts][verdict as ListedVerdict][id]}\n`);
    }
    for (const line of removed) out.write(`  - ${line}\n`);
  }
  return changes;
}
