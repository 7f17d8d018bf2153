// Every broker descriptor in brokers/ parses, and bad ones are refused with a sentence.
import { describe, expect, it } from "vitest";
import { expressiblePaths } from "../../support/brokers/adapters.ts";
import { capabilityNames } from "../../support/brokers/capabilities.ts";
import { knownBrokers, loadDescriptor, parseDescriptor } from "../../support/brokers/descriptor.ts";
import { allSettingPaths } from "../../support/brokers/settings.ts";

describe("broker descriptors", () => {
  it.each(knownBrokers())("%s parses and is named after its folder", (name) => {
    expect(loadDescriptor(name).name).toBe(name);
  });

  it("includes the reference broker with every capability, both versions, and every setting", () => {
    const reference = loadDescriptor("reference");
    expect(reference.protocolVersions).toEqual(["3.1.1", "5"]);
    expect([...reference.capabilities].sort()).toEqual([...capabilityNames].sort());
    expect([...expressiblePaths(reference)].sort()).toEqual([...allSettingPaths].sort());
  });

  it("refuses an unknown capability, naming the field", () => {
    expect(() =>
      parseDescriptor(
        "name: x\nversion: '1'\ndescription: d\nprotocolVersions: ['5']\ncapabilities: [teleport]\n",
        "x.yaml",
      ),
    ).toThrow(/x\.yaml is not a valid broker descriptor: capabilities\.0: /);
  });

  it("names the known brokers when asked for an unknown one", () => {
    expect(() => loadDescriptor("nosuch")).toThrow(/unknown broker "nosuch"; known brokers: .*reference/);
  });
});
