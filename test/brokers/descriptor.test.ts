// Every broker descriptor in brokers/ parses, and bad ones are refused with a sentence.
import { describe, expect, it } from "vitest";
import { knownBrokers, loadDescriptor, parseDescriptor } from "../../support/brokers/descriptor.ts";

describe("broker descriptors", () => {
  it.each(knownBrokers())("%s parses and is named after its folder", (name) => {
    expect(loadDescriptor(name).name).toBe(name);
  });

  it("includes the reference broker with every capability and both versions", () => {
    const reference = loadDescriptor("reference");
    expect(reference.protocolVersions).toEqual(["3.1.1", "5"]);
    expect(reference.capabilities.length).toBeGreaterThanOrEqual(7);
  });

  it("refuses an unknown capability, naming the field", () => {
    expect(() => parseDescriptor("name: x\nversion: '1'\ndescription: d\nprotocolVersions: ['5']\ncapabilities: [teleport]\n", "x.yaml")).toThrow(
      /x\.yaml is not a valid broker descriptor: capabilities\.0: /,
    );
  });

  it("names the known brokers when asked for an unknown one", () => {
    expect(() => loadDescriptor("nosuch")).toThrow(/unknown broker "nosuch"; known brokers: .*reference/);
  });
});
