// `npm run bench`: the reference broker side by side with Aedes and Mosquitto (their container
// images), in one run. Each repetition plays every load on every broker, the brokers' order turning
// each time; the medians of the repetitions are printed with the reference broker's ratio to each
// other broker, then what 10,000 unrelated filters and 100,000 retained messages cost the
// reference broker. Raw figures go to reports/bench.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { spawnReferenceBroker } from "../brokers/reference/src/spawn.ts";
import { benchOptions } from "./unthrottled.ts";
import { loadDescriptor } from "../support/brokers/descriptor.ts";
import { containerTarget } from "../support/fuzz/container-target.ts";
import type { SocketAddress } from "../support/fuzz/mqtt-socket.ts";
import { connectRate, defaultSizes, fanOut, pair, unrelatedFilters } from "./loads.ts";
import { retainedCost } from "./retained-cost.ts";

const repetitions = Number(process.env.BENCH_REPETITIONS ?? 5);
const projectRoot = new URL("..", import.meta.url).pathname;

interface Broker extends SocketAddress {
  name: string;
  stop(): Promise<void>;
}

interface Load {
  name: string;
  unit: string;
  run(broker: Broker): Promise<number>;
}

const sizes = defaultSizes;
const loads: Load[] = [
  { name: "QoS 0, 1 → 1", unit: "msg/s", run: (broker) => pair(broker, 0, sizes.pairMessages) },
  { name: "QoS 1, 1 → 1", unit: "msg/s", run: (broker) => pair(broker, 1, sizes.qos1Messages) },
  {
    name: `fan-out 1 → ${sizes.fanOutSubscribers}`,
    unit: "deliveries/s",
    run: (broker) => fanOut(broker, sizes.fanOutMessages, sizes.fanOutSubscribers),
  },
  { name: "connect rate", unit: "connections/s", run: (broker) => connectRate(broker, sizes.connections) },
  {
    name: `QoS 0, 1 → 1, ${sizes.unrelatedFilters.toLocaleString("en-US")} unrelated filters`,
    unit: "msg/s",
    async run(broker) {
      const release = await unrelatedFilters(broker, sizes.unrelatedFilters);
      try {
        return await pair(broker, 0, sizes.pairMessages);
      } finally {
        release();
      }
    },
  },
];

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const whole = (value: number): string => Math.round(value).toLocaleString("en-US");

async function startBrokers(): Promise<Broker[]> {
  const reference = await spawnReferenceBroker("aws-iot-core", benchOptions());
  const brokers: Broker[] = [
    { name: "reference", host: reference.host, port: reference.port, stop: () => reference.stop() },
  ];
  for (const name of ["aedes", "mosquitto"]) {
    const target = await containerTarget(loadDescriptor(name), "aws-iot-core");
    brokers.push({ name, host: target.host, port: target.port, stop: () => target.stop() });
  }
  return brokers;
}

/** One short round of every load on every broker, not recorded: code paths compiled, caches warm. */
async function warmUp(brokers: readonly Broker[]): Promise<void> {
  for (const broker of brokers) {
    await pair(broker, 0, sizes.pairMessages / 10);
    await pair(broker, 1, sizes.qos1Messages / 10);
    await fanOut(broker, sizes.fanOutMessages / 10, sizes.fanOutSubscribers);
    await connectRate(broker, sizes.connections / 10);
  }
}

/**
 * What 10,000 unrelated filters cost the reference broker's QoS 0 pair: the pair without them and
 * with them, back to back, so that both meet the same machine load; the median of the ratios.
 */
async function routingSlowdown(rounds: number): Promise<{ slowdown: number; ratios: number[] }> {
  const broker = await spawnReferenceBroker("aws-iot-core", benchOptions());
  try {
    await pair(broker, 0, sizes.pairMessages / 10); // warm-up
    const ratios: number[] = [];
    const withTheFilters = async (): Promise<number> => {
      const release = await unrelatedFilters(broker, sizes.unrelatedFilters);
      return pair(broker, 0, sizes.pairMessages).finally(release);
    };
    for (let round = 0; round < rounds; round++) {
      // which goes first alternates, so neither always meets a warmer broker
      const withFilters = round % 2 === 1 ? await withTheFilters() : undefined;
      const without = await pair(broker, 0, sizes.pairMessages);
      const measured = withFilters ?? (await withTheFilters());
      ratios.push(without / measured);
      process.stdout.write(
        `  routing round ${round + 1}/${rounds}: ${whole(without)} msg/s without, ` +
          `${whole(measured)} with the filters\n`,
      );
    }
    return { slowdown: median(ratios), ratios };
  } finally {
    await broker.stop();
  }
}

async function main(): Promise<void> {
  process.stdout.write(
    `load average at start: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(" ")}\n`,
  );
  const brokers = await startBrokers();
  await warmUp(brokers);
  const results = new Map<string, Map<string, number[]>>(
    loads.map((load) => [load.name, new Map(brokers.map((broker) => [broker.name, []]))]),
  );
  try {
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const order = brokers.map((_, index) => brokers[(index + repetition) % brokers.length]);
      for (const load of loads) {
        for (const broker of order) {
          const rate = await load.run(broker);
          results.get(load.name)!.get(broker.name)!.push(rate);
          process.stdout.write(
            `  repetition ${repetition + 1}/${repetitions} · ${load.name} · ` +
              `${broker.name}: ${whole(rate)} ${load.unit}\n`,
          );
        }
      }
    }
  } finally {
    await Promise.allSettled(brokers.map((broker) => broker.stop()));
  }

  // room above 100,000: at the limit retained PUBLISHes are refused [RET-10], which is not what is measured
  const roomy = { limits: { maxRetainedMessages: 200_000 } };
  const routing = await routingSlowdown(2 * repetitions + 1);

  const [small, large] = await Promise.all([
    spawnReferenceBroker("aws-iot-core", benchOptions(roomy)),
    spawnReferenceBroker("aws-iot-core", benchOptions(roomy)),
  ]);
  const retained = await retainedCost(small, large, repetitions).finally(() =>
    Promise.all([small.stop(), large.stop()]),
  );

  const others = brokers.filter((broker) => broker.name !== "reference").map((broker) => broker.name);
  const lines = [
    `\nMedians of ${repetitions} repetitions (load average at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(" ")})`,
    `| load | ${brokers.map((broker) => broker.name).join(" | ")} | ` +
      `${others.map((name) => `reference ÷ ${name}`).join(" | ")} |`,
    `|---|${brokers.map(() => "---:").join("|")}|${others.map(() => "---:").join("|")}|`,
  ];
  const medians: Record<string, Record<string, number>> = {};
  for (const load of loads) {
    const byBroker = Object.fromEntries(
      brokers.map((broker) => [broker.name, median(results.get(load.name)!.get(broker.name)!)]),
    );
    medians[load.name] = byBroker;
    const ratios = others.map((name) => `${(byBroker.reference / byBroker[name]).toFixed(2)} ×`);
    lines.push(
      `| ${load.name} (${load.unit}) | ` +
        `${brokers.map((broker) => whole(byBroker[broker.name])).join(" | ")} | ${ratios.join(" | ")} |`,
    );
  }
  lines.push(
    "",
    `Reference broker: ${sizes.unrelatedFilters.toLocaleString("en-US")} unrelated filters slow the QoS 0 pair ` +
      `by ${routing.slowdown.toFixed(2)} × (median of ${routing.ratios.length} back-to-back pairs of runs; ` +
      `ratios ${routing.ratios.map((ratio) => ratio.toFixed(2)).join(", ")})`,
    `Reference broker: a retained PUBLISH costs ${retained.at1000.toFixed(1)} µs with 1,000 retained messages ` +
      `and ${retained.at100000.toFixed(1)} µs with 100,000 (${(retained.at100000 / retained.at1000).toFixed(2)} ×)`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
  const reports = join(projectRoot, "reports");
  mkdirSync(reports, { recursive: true });
  const raw = Object.fromEntries([...results].map(([load, byBroker]) => [load, Object.fromEntries(byBroker)]));
  writeFileSync(
    join(reports, "bench.json"),
    `${JSON.stringify({ repetitions, sizes, medians, raw, routing, retained, loadAverage: loadavg() }, null, 2)}\n`,
  );
}

await main();
