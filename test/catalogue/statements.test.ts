// The OASIS statement catalogues against the shared statement tables, and the loader's sentences
// for a bad file. The expected IDs (fixtures/oasis-ids.json) and counts were taken once from the
// shared tables, so this test runs on a clean clone.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../../support/catalogue/catalogue.ts";
import { loadStatements, type Specification, type Statement } from "../../support/catalogue/statements.ts";
import expectedIds from "./fixtures/oasis-ids.json" with { type: "json" };

const specifications: Specification[] = ["3.1.1", "5.0"];
const catalogues = { "3.1.1": loadStatements("3.1.1"), "5.0": loadStatements("5.0") };

function tally(statements: Statement[], key: (statement: Statement) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const statement of statements) counts[key(statement)] = (counts[key(statement)] ?? 0) + 1;
  return counts;
}

const expected = {
  "3.1.1": {
    total: 141,
    chapters: { "1": 3, "2": 9, "3": 95, "4": 26, "6": 4, "7": 4 },
    kinds: {
      "server/yes": 61,
      "server/partly": 7,
      "server/no": 1,
      "client/no": 31,
      "both/yes": 34,
      "both/partly": 5,
      "both/no": 2,
    },
    brokerTestable: 107,
  },
  "5.0": {
    total: 251,
    chapters: { "1": 5, "2": 7, "3": 175, "4": 60, "6": 4 },
    kinds: {
      "server/yes": 115,
      "server/partly": 3,
      "client/no": 44,
      "both/yes": 86,
      "both/partly": 2,
      "both/no": 1,
    },
    brokerTestable: 206,
  },
};

describe.each(specifications)("the OASIS %s statements", (specification) => {
  const { statements } = catalogues[specification];
  const byId = new Map(statements.map((statement) => [statement.id, statement]));

  it("are exactly the statement IDs of the specification, in numeric order", () => {
    expect(statements.map((statement) => statement.id)).toEqual(expectedIds[specification]);
    expect(statements).toHaveLength(expected[specification].total);
  });

  it("count per chapter as the shared table does", () => {
    expect(tally(statements, (statement) => statement.section.split(".")[0])).toEqual(
      expected[specification].chapters,
    );
  });

  it("count per appliesTo and observable as the shared table does", () => {
    expect(tally(statements, (statement) => `${statement.appliesTo}/${statement.observable}`)).toEqual(
      expected[specification].kinds,
    );
    const testable = statements.filter(
      (statement) => statement.appliesTo !== "client" && statement.observable !== "no",
    );
    expect(testable).toHaveLength(expected[specification].brokerTestable);
  });

  it("leave client-only statements to the indirect checks", () => {
    expect(
      statements
        .filter((statement) => statement.appliesTo === "client" && statement.observable !== "no")
        .map((statement) => statement.id),
    ).toEqual([]);
  });

  it("say what a partly observable check cannot see", () => {
    for (const statement of statements.filter((entry) => entry.observable === "partly")) {
      expect(statement.observe, statement.id).toMatch(/Unobserved: .+$/);
    }
  });

  it("never repeat a statement text", () => {
    const texts = statements.map((statement) => statement.statement);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("link only AWS requirements that exist, each statement with one effect", () => {
    const known = new Set(loadCatalogue().requirements.map((requirement) => requirement.id));
    for (const statement of statements.filter((entry) => entry.aws)) {
      expect(
        statement.aws?.requirements.filter((id) => !known.has(id)),
        statement.id,
      ).toEqual([]);
      expect(new Set(statement.aws?.requirements).size, statement.id).toBe(statement.aws?.requirements.length);
    }
    expect(byId.size).toBe(statements.length);
  });
});

describe("the AWS links", () => {
  const effect = (specification: Specification, id: string) => {
    const statement = catalogues[specification].statements.find((entry) => entry.id === id);
    return statement?.aws ? `${statement.aws.effect} ${statement.aws.requirements.join(" ")}` : "none";
  };

  it("judge the QoS 2 flows under the oasis profile only", () => {
    expect(effect("3.1.1", "MQTT-4.3.3-1")).toMatch(/^overrides .*QOS-04/);
    expect(effect("3.1.1", "MQTT-4.3.3-2")).toMatch(/^overrides .*QOS-04/);
    for (let n = 1; n <= 13; n++) expect(effect("5.0", `MQTT5-4.3.3-${n}`)).toMatch(/^overrides .*QOS-05/);
  });

  it("mark what AWS IoT Core does otherwise as overridden", () => {
    expect(effect("3.1.1", "MQTT-4.7.1-2")).toBe("overrides DIF-01");
    expect(effect("5.0", "MQTT5-4.7.1-1")).toBe("overrides DIF-01");
    expect(effect("3.1.1", "MQTT-3.3.1-6")).toMatch(/^overrides RET-06/);
    expect(effect("5.0", "MQTT5-3.3.1-9")).toMatch(/^overrides RET-06/);
    expect(effect("3.1.1", "MQTT-3.3.1-1")).toBe("overrides QOS-08");
    expect(effect("5.0", "MQTT5-3.3.1-1")).toBe("overrides QOS-08");
    expect(effect("5.0", "MQTT5-3.3.4-3")).toBe("overrides M5-17 M5-18");
  });

  it("mark AWS IoT Core limits as narrowing", () => {
    expect(effect("3.1.1", "MQTT-3.1.2-24")).toBe("narrows LIM-01");
    expect(effect("5.0", "MQTT5-3.1.2-22")).toBe("narrows M5-14 LIM-01");
    expect(effect("5.0", "MQTT5-3.3.2-12")).toBe("narrows M5-02");
    expect(effect("5.0", "MQTT5-3.2.2-12")).toBe("narrows QOS-05 LWT-05 RC-07");
    expect(effect("5.0", "MQTT5-3.1.2-23")).toBe("narrows SES-18");
  });

  it("leave the Maximum Packet Size the client declares binding on AWS IoT Core too", () => {
    expect(effect("5.0", "MQTT5-3.1.2-24")).toBe("none");
  });
});

describe("the optional broker features", () => {
  it("cover every 5.0 check the shared table marks as needing one", () => {
    const marked = [
      "MQTT5-3.1.3-6",
      "MQTT5-3.1.3-7",
      "MQTT5-3.1.3-8",
      "MQTT5-3.2.2-10",
      "MQTT5-3.2.2-12",
      "MQTT5-3.2.2-13",
      "MQTT5-3.2.2-16",
      "MQTT5-3.3.4-3",
      "MQTT5-3.15.1-1",
      "MQTT5-3.15.2-1",
      "MQTT5-3.15.2-2",
      "MQTT5-4.8.2-1",
      "MQTT5-4.12.0-2",
      "MQTT5-4.12.0-4",
      "MQTT5-4.12.0-5",
      "MQTT5-4.12.1-2",
      "MQTT5-6.0.0-1",
      "MQTT5-6.0.0-2",
    ];
    const withFeature = new Set(
      catalogues["5.0"].statements.filter((statement) => statement.optionalFeature).map((statement) => statement.id),
    );
    expect(marked.filter((id) => !withFeature.has(id))).toEqual([]);
  });

  it("appear only on statements a broker test can observe", () => {
    for (const specification of specifications) {
      const misplaced = catalogues[specification].statements.filter(
        (statement) => statement.optionalFeature && statement.observable === "no",
      );
      expect(misplaced.map((statement) => statement.id)).toEqual([]);
    }
  });
});

describe("the keyword levels", () => {
  it("are none only where the specification gives no keyword", () => {
    const none = (specification: Specification) =>
      catalogues[specification].statements
        .filter((statement) => statement.level === "none")
        .map((statement) => statement.id);
    expect(none("3.1.1")).toEqual([]);
    expect(none("5.0")).toEqual(["MQTT5-3.1.2-12", "MQTT5-3.8.3-4"]);
  });
});

describe("the second-wave AWS requirements", () => {
  const secondWave = [
    ...["TRN-01", "TRN-02", "TRN-03", "TRN-04", "TRN-05", "TRN-06"],
    ...["API-01", "API-02", "API-03", "API-04", "API-05", "API-06"],
    ...["EVT-01", "EVT-02", "EVT-03", "EVT-04", "EVT-05", "EVT-06", "EVT-07", "EVT-08"],
    ...["LIM-01", "LIM-02", "LIM-03", "LIM-04", "LIM-05", "LIM-06"],
  ];
  const seed = ["TRN-02", "TRN-04", "API-01", "API-02", "API-03", "API-04", "API-05"];

  it("load through the requirement catalogue, in their own groups", () => {
    const catalogue = loadCatalogue();
    const loaded = catalogue.requirements.filter((requirement) => /^(TRN|API|EVT|LIM)-/.test(requirement.id));
    expect(loaded.map((requirement) => requirement.id)).toEqual(secondWave);
    expect(loaded.every((requirement) => requirement.kind === "aws")).toBe(true);
    expect(Object.keys(catalogue.groups)).toEqual(expect.arrayContaining(["TRN", "API", "EVT", "LIM"]));
  });

  it("cite the seed where it states the fact and the developer guide otherwise", () => {
    for (const requirement of loadCatalogue().requirements.filter((entry) => secondWave.includes(entry.id))) {
      expect(requirement.source, requirement.id).toBe(
        seed.includes(requirement.id) ? "aws-iot-mqtt" : "aws-iot-guide",
      );
    }
  });
});

describe("loadStatements on a bad file", () => {
  const directory = mkdtempSync(join(tmpdir(), "oasis-statements-"));
  let written = 0;

  const valid = () => ({
    specification: "5.0",
    source: "oasis-mqtt-5",
    chapters: { "3": "MQTT Control Packets", "4": "Operational behavior" } as Record<string, string>,
    statements: [
      {
        id: "MQTT5-3.1.2-24",
        section: "3.1.2.11.4",
        title: "Maximum Packet Size",
        appliesTo: "server",
        level: "MUST NOT",
        observable: "yes",
        statement: "Nothing the server sends exceeds the client's Maximum Packet Size.",
        observe: "Declare 128 bytes; nothing larger arrives.",
      },
      {
        id: "MQTT5-4.6.0-1",
        section: "4.6",
        title: "Message ordering",
        appliesTo: "client",
        level: "MUST",
        observable: "no",
        statement: "A client resends in the original order.",
        notObservable: "Binds clients only.",
      },
    ] as Record<string, unknown>[],
  });

  function load(document: ReturnType<typeof valid>, specification: Specification = "5.0") {
    const path = join(directory, `statements-${++written}.yaml`);
    writeFileSync(path, stringify(document));
    return () => loadStatements(specification, { path });
  }

  function withStatement(change: (statement: Record<string, unknown>) => void) {
    const document = valid();
    change(document.statements[0]);
    return document;
  }

  it("accepts the valid sample", () => {
    expect(load(valid())().statements).toHaveLength(2);
  });

  it.each([
    [
      "a duplicate ID",
      () => {
        const document = valid();
        document.statements.push({ ...document.statements[0] });
        return document;
      },
      "MQTT5-3.1.2-24 appears more than once",
    ],
    [
      "an ID outside the convention",
      () => withStatement((statement) => (statement.id = "MQTT-3.1.2-24")),
      "MQTT-3.1.2-24 does not follow the 5.0 ID convention (MQTT5-3.1.2-24)",
    ],
    [
      "an ID whose number leads elsewhere",
      () => withStatement((statement) => (statement.id = "MQTT5-3.2.2-24")),
      "MQTT5-3.2.2-24 is placed in section 3.1.2.11.4, which its number (section 3.2.2) does not lead to",
    ],
    [
      "a missing observe",
      () => withStatement((statement) => delete statement.observe),
      "MQTT5-3.1.2-24 is observable (yes) but has no observe text saying how",
    ],
    [
      "a partly check that hides what it cannot see",
      () => withStatement((statement) => (statement.observable = "partly")),
      'MQTT5-3.1.2-24 is partly observable, so its observe text must end by saying "Unobserved: ..."',
    ],
    [
      "a missing notObservable",
      () => {
        const document = valid();
        delete document.statements[1].notObservable;
        return document;
      },
      "MQTT5-4.6.0-1 is not observable but says nothing under notObservable about why",
    ],
    [
      "an unknown AWS requirement",
      () => withStatement((statement) => (statement.aws = { requirements: ["QOS-99"], effect: "narrows" })),
      "MQTT5-3.1.2-24 cites QOS-99, which is not in requirements.yaml",
    ],
    [
      "a section outside the declared chapters",
      () => {
        const document = valid();
        document.chapters = { "3": "MQTT Control Packets" };
        return document;
      },
      "MQTT5-4.6.0-1 is in section 4.6, but chapter 4 is not declared under chapters",
    ],
    [
      "an unknown level",
      () => withStatement((statement) => (statement.level = "MUSTN'T")),
      "MQTT5-3.1.2-24: level must be one of MUST, MUST NOT, SHOULD, SHOULD NOT, MAY, none",
    ],
    [
      "a missing statement text",
      () => withStatement((statement) => delete statement.statement),
      "MQTT5-3.1.2-24: statement is missing",
    ],
    [
      "an unknown field",
      () => withStatement((statement) => (statement.remark = "x")),
      "MQTT5-3.1.2-24: the entry has unknown field remark",
    ],
    [
      "an unknown source",
      () => ({ ...valid(), source: "oasis-mqtt-6" }),
      'source "oasis-mqtt-6" is not a source of requirements.yaml',
    ],
  ])("names %s", (_name, document, sentence) => {
    expect(load(document())).toThrow(sentence);
  });

  it("names a file loaded as the wrong specification", () => {
    expect(load(valid(), "3.1.1")).toThrow('the file says specification "5.0", but it was loaded as 3.1.1');
  });
});
