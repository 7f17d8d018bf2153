// How a matrix spreads brokers: at most --jobs at once, shards that together hold every broker
// once, and the slowest brokers of the last matrix first.
import { describe, expect, it } from "vitest";
import { longestFirst, parseShard, runPool, shareOf } from "../../support/matrix/schedule.ts";
import type { RunResults } from "../../support/results/results.ts";

describe("runPool", () => {
  it("runs at most `jobs` at once and keeps the results in order", async () => {
    let running = 0;
    let most = 0;
    const results = await runPool([30, 10, 20, 5, 15], 2, async (ms) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 40, 10, 30]);
    expect(most).toBe(2);
  });
});

describe("shards", () => {
  const brokers = ["aedes", "ejabberd", "mosquitto", "mosquitto-aws-like", "rabbitmq", "reference"];

  it("give every broker to exactly one shard", () => {
    const shares = [1, 2, 3, 4].map((index) => shareOf(brokers, { index, count: 4 }));
    expect(shares).toEqual([["aedes", "rabbitmq"], ["ejabberd", "reference"], ["mosquitto"], ["mosquitto-aws-like"]]);
    expect(shares.flat().sort()).toEqual(brokers);
  });

  it.each([
    ["1/1", { index: 1, count: 1 }],
    ["2/3", { index: 2, count: 3 }],
  ])("parses %s", (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each(["0/3", "4/3", "2", "a/b", "1/0"])("refuses %s with a sentence", (text) => {
    expect(() => parseShard(text)).toThrow(`"${text}" is not a shard: write i/n with 1 ≤ i ≤ n, e.g. 2/3`);
  });
});

describe("longestFirst", () => {
  it("starts the brokers that took longest last time first, and new ones after them", () => {
    const run = (broker: string, durationMs: number) => ({ broker, durationMs }) as RunResults;
    expect(
      longestFirst(
        ["aedes", "new", "rabbitmq", "reference"],
        [run("aedes", 20_000), run("rabbitmq", 30_000), run("rabbitmq", 45_000), run("reference", 25_000)],
      ),
    ).toEqual(["rabbitmq", "reference", "aedes", "new"]);
  });
});
