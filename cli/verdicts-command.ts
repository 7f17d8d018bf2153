// `mqtt-conformance verdicts --from reports/matrix.json`: records what a matrix run observed as
// each broker's expected verdicts (brokers/<name>/expected-verdicts.yaml). A listed ID keeps its
// hand-written reason while it still fails; an ID that no longer fails is dropped; a new one is
// added with the behaviour the run observed, to be read and, where it says too little, reworded.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expectedVerdictsPath, expectedVerdictsText, loadExpectedVerdicts, recordedVerdicts, type ListedVerdict, type ObservedVerdicts } from "../support/brokers/expected-verdicts.ts";
import type { Matrix } from "../support/matrix/matrix.ts";
import { profileNames } from "../support/targets/target.ts";

/** Per broker, what each of its columns observed. */
function observedByBroker(matrix: Matrix): Map<string, ObservedVerdicts[]> {
  const byBroker = new Map<string, ObservedVerdicts[]>();
  matrix.columns.forEach((column, index) => {
    if (!(profileNames as readonly string[]).includes(column.profile)) return;
    const found: Record<ListedVerdict, Map<string, string>> = { failed: new Map(), unsupported: new Map() };
    for (const row of matrix.groups.flatMap((group) => group.rows)) {
      const cell = row.cells[index];
      if (cell.verdict === "failed" || cell.verdict === "unsupported") found[cell.verdict].set(row.id, cell.reason ?? "");
    }
    byBroker.set(column.broker, [...(byBroker.get(column.broker) ?? []), { profile: column.profile as ObservedVerdicts["profile"], found }]);
  });
  return byBroker;
}

export function verdictsCommand(options: { from: string; brokers?: string[]; out?: NodeJS.WritableStream }): number {
  const out = options.out ?? process.stdout;
  if (!existsSync(options.from)) throw new Error(`no matrix at ${options.from}: run \`mqtt-conformance matrix\` first`);
  const matrix = JSON.parse(readFileSync(options.from, "utf8")) as Matrix;
  let changes = 0;
  for (const [broker, observed] of observedByBroker(matrix)) {
    if (options.brokers && !options.brokers.includes(broker)) continue;
    const path = expectedVerdictsPath(broker);
    const previousText = existsSync(path) ? readFileSync(path, "utf8") : "";
    const previous = previousText ? loadExpectedVerdicts(broker) : { "aws-iot-core": { failed: {}, unsupported: {} }, oasis: { failed: {}, unsupported: {} } };
    const { verdicts, added, removed } = recordedVerdicts(previous, observed);
    writeFileSync(path, expectedVerdictsText(previousText, verdicts));
    changes += added.length + removed.length;
    out.write(`${broker}: ${added.length} added, ${removed.length} removed (${path})\n`);
    for (const line of added) out.write(`  + ${line}: ${verdicts[line.split(" ")[0] as keyof typeof verdicts][line.split(" ")[1] as ListedVerdict][line.split(" ")[2]]}\n`);
    for (const line of removed) out.write(`  - ${line}\n`);
  }
  return changes;
}
