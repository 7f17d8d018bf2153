// The fuzz campaign: cases are the same bytes for the same seed, and a short seeded campaign
// against the reference broker (in a child process, as `mqtt-conformance fuzz` runs it) finds
// nothing: no crash, no internal error, the bystander undisturbed, no connection left open.
import { describe, expect, it } from "vitest";
import { spawnReferenceBroker } from "../../brokers/reference/src/spawn.ts";
import { campaignNamespace, runCampaign } from "../../support/fuzz/campaign.ts";
import { buildCase } from "../../support/fuzz/fuzz-case.ts";
import { mutate, mutators } from "../../support/fuzz/mutators.ts";
import { caseSeed, Random } from "../../support/fuzz/random.ts";
import { parseMemoryUsage } from "../../support/fuzz/container-target.ts";
import { childProcessTarget } from "../../support/fuzz/target.ts";

describe("fuzz cases", () => {
  it("are the same bytes for the same seed, and differ between seeds", () => {
    const namespace = campaignNamespace(42);
    const hexOf = (seed: number) => buildCase(seed, namespace).frames.map((frame) => frame.toString("hex"));
    expect(hexOf(caseSeed(42, 7))).toEqual(hexOf(caseSeed(42, 7)));
    expect(hexOf(caseSeed(42, 7))).not.toEqual(hexOf(caseSeed(42, 8)));
  });

  it("mutate with every mutator, deterministically", () => {
    const valid = Buffer.from("3009000361 2f62 00 6869".replace(/ /g, ""), "hex");
    for (const name of Object.keys(mutators)) {
      const once = mutators[name](valid, new Random(1), () => Buffer.from([0xc0, 0x00]));
      const again = mutators[name](valid, new Random(1), () => Buffer.from([0xc0, 0x00]));
      expect(once, name).toEqual(again);
    }
    expect(mutate(valid, new Random(3), () => valid).applied.length).toBeGreaterThan(0);
  });
});

describe("a short campaign against the reference broker", () => {
  it("finds nothing in 20,000 packets (seed 1)", async () => {
    const target = await childProcessTarget(() => spawnReferenceBroker("aws-iot-core"), "reference (child process)");
    try {
      const report = await runCampaign(target, { seed: 1, packets: 20_000, connections: 16, maxSeconds: 60 });
      expect(report.packetsSent).toBeGreaterThanOrEqual(20_000);
      expect({ crashes: report.crashes, internalErrors: report.internalErrors, findings: report.findings }).toEqual({
        crashes: 0,
        internalErrors: 0,
        findings: [],
      });
      expect({ lost: report.bystander.lost, disconnects: report.bystander.disconnects }).toEqual({
        lost: 0,
        disconnects: 0,
      });
      expect(report.connectionsLeftOpen).toBe(0);
    } finally {
      await target.stop();
    }
  }, 90_000);
});

describe("container memory from docker stats", () => {
  it.each([
    ["12.34MiB / 23.4GiB", 12.34 * 1024 ** 2],
    ["1.5GiB / 23.4GiB", 1.5 * 1024 ** 3],
    ["812kB / 1GB", 812_000],
    ["--", undefined],
  ])("%s", (usage, bytes) => {
    expect(parseMemoryUsage(usage)).toBe(bytes);
  });
});
