// Certificates: the verdict a profile gives (required failures and missing features fail it,
// optional failures and not-applicable verdicts are deviations, notes never count), the digest a
// reader checks, and the files a verification rejects once edited.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Catalogue } from "../../support/catalogue/catalogue.ts";
import {
  buildCertificate,
  catalogueDigest,
  digestLine,
  exitCodeOf,
  judge,
  type CertifiedRequirement,
} from "../../support/certify/certificate.ts";
import { renderBadge, renderCertificateHtml } from "../../support/certify/render.ts";
import { verifyCertificate } from "../../support/certify/verify.ts";
import type { ScenarioResult } from "../../support/results/results.ts";
import { requirement, runResults, scenarioResult as scenario } from "../fixtures/runs.ts";

const catalogue: Catalogue = {
  sources: { s: "source" },
  groups: { RET: "Retained messages", RC: "Reason codes" },
  requirements: [
    requirement("RET-01", "retained kept", { kind: "spec" }),
    requirement("RET-06", "no retained on wildcards"),
    requirement("RC-12", "0x8D on keep-alive", { kind: "spec", level: "SHOULD", versions: ["5"] }),
    requirement("RC-15", "0x8B on shutdown", { kind: "spec", level: "MAY", versions: ["5"] }),
  ],
};

const run = (profile: string, scenarios: ScenarioResult[]) => runResults(scenarios, { profile, durationMs: 1000 });
const context = {
  target: "container image mqtt-conformance/mosquitto:local",
  suiteVersion: "0.1.0",
  catalogueDirectory: new URL("../../catalogue/", import.meta.url).pathname,
  issuedAt: new Date("2025-01-02T03:04:05Z"),
};

const verdictOf = (profile: string, scenarios: ScenarioResult[]) =>
  buildCertificate(catalogue, run(profile, scenarios), context).verdict;

describe("the verdict", () => {
  it("is conformant when everything judged passed; a note on a skipped SHOULD does not count", () => {
    expect(
      verdictOf("oasis", [
        scenario(["RET-01"], "passed"),
        scenario(["RC-12"], "passed", null, ["[RC-12] SHOULD: no 0x8D"]),
      ]),
    ).toBe("conformant");
  });

  it("is not conformant when a required requirement failed, naming it", () => {
    const certificate = buildCertificate(
      catalogue,
      run("aws-iot-core", [
        scenario(["RET-01"], "passed"),
        scenario(["RET-06"], "failed", "[RET-06] got a retained PUBLISH on a/+"),
      ]),
      context,
    );
    expect(certificate.verdict).toBe("not conformant");
    expect(certificate.why).toEqual(["Required requirements failed: RET-06."]);
    expect(certificate.requirements.find((entry) => entry.id === "RET-06")).toMatchObject({
      verdict: "failed",
      required: true,
      reason: "[RET-06] got a retained PUBLISH on a/+",
    });
  });

  it("is not conformant when a feature the profile requires is missing", () => {
    expect(
      verdictOf("aws-iot-core", [scenario(["RET-01"], "passed"), scenario(["RC-12"], "unsupported", "lacks MQTT 5")]),
    ).toBe("not conformant");
  });

  it("holds every requirement as required under aws-iot-core, SHOULD and MAY included", () => {
    expect(verdictOf("aws-iot-core", [scenario(["RC-15"], "failed", "[RC-15] no 0x8B")])).toBe("not conformant");
  });

  it(
    "is conformant with deviations when only optional requirements failed under oasis, " +
      "or a scenario was not applicable",
    () => {
      expect(
        verdictOf("oasis", [scenario(["RET-01"], "passed"), scenario(["RC-15"], "failed", "[RC-15] no 0x8B")]),
      ).toBe("conformant with deviations");
      expect(
        verdictOf("oasis", [
          scenario(["RET-01"], "passed"),
          scenario(["RC-12"], "not-applicable", "does not speak MQTT 5"),
        ]),
      ).toBe("conformant with deviations");
    },
  );

  it("is not conformant when nothing was judged", () => {
    expect(verdictOf("oasis", [])).toBe("not conformant");
  });

  it("judges OASIS statements by their own level", () => {
    const certificate = buildCertificate(
      catalogue,
      run("oasis", [
        {
          ...scenario(["RET-01"], "passed"),
          judged: {
            "RET-01": { status: "passed" },
            "MQTT5-3.1.2-24": { status: "failed", reason: "[MQTT5-3.1.2-24] closed late" },
          },
        },
      ]),
      context,
    );
    expect(certificate.requirements.at(-1)).toMatchObject({
      id: "MQTT5-3.1.2-24",
      group: "OASIS",
      level: "MUST NOT",
      required: true,
      verdict: "failed",
    });
    expect(certificate.verdict).toBe("not conformant");
  });

  it("gives exit codes 0, 3 and 1", () => {
    expect(
      ["conformant", "conformant with deviations", "not conformant"].map((verdict) => exitCodeOf(verdict as never)),
    ).toEqual([0, 3, 1]);
  });

  it("is recomputed from the requirements alone", () => {
    const entries = [{ id: "A-01", verdict: "passed", required: true }] as CertifiedRequirement[];
    expect(judge(entries, 1).verdict).toBe("conformant");
  });
});

describe("the catalogue digest", () => {
  it("is the SHA-256 of the catalogue files' digests listed as sha256sum prints them", () => {
    const directory = mkdtempSync(join(tmpdir(), "catalogue-"));
    writeFileSync(join(directory, "b.yaml"), "b: 2\n");
    writeFileSync(join(directory, "a.yaml"), "a: 1\n");
    writeFileSync(join(directory, "notes.txt"), "not part of it");
    const sha = (text: string) => createHash("sha256").update(text).digest("hex");
    const digest = catalogueDigest(directory);
    expect(digest.files).toEqual({ "a.yaml": sha("a: 1\n"), "b.yaml": sha("b: 2\n") });
    expect(digest.digest).toBe(sha(`${sha("a: 1\n")}  a.yaml\n${sha("b: 2\n")}  b.yaml\n`));
  });
});

describe("the certificate files", () => {
  const certificate = buildCertificate(
    catalogue,
    run("aws-iot-core", [scenario(["RET-01"], "passed"), scenario(["RET-06"], "failed", "[RET-06] <PUBLISH> on a/+")]),
    context,
  );
  const json = `${JSON.stringify(certificate, null, 2)}\n`;

  it("verify as intact, and not once the JSON is edited", () => {
    const directory = mkdtempSync(join(tmpdir(), "certificate-"));
    const file = join(directory, "certificate.json");
    writeFileSync(file, json);
    writeFileSync(`${file}.sha256`, digestLine(json, "certificate.json"));
    expect(verifyCertificate(file).problems).toEqual([]);
    writeFileSync(file, json.replace('"verdict": "not conformant"', '"verdict": "conformant"'));
    expect(verifyCertificate(file).problems).toEqual([
      expect.stringMatching(/^certificate\.json does not match its digest: it was edited after it was written/),
      'it states "conformant" but its requirements give "not conformant"',
    ]);
  });

  it("has a digest line sha256sum -c reads", () => {
    expect(digestLine(json, "certificate.json")).toMatch(/^[0-9a-f]{64} {2}certificate\.json\n$/);
  });

  it("render a self-contained page with every requirement and the observed behaviour, and a badge", () => {
    const html = renderCertificateHtml(certificate, catalogue, "ab".repeat(32));
    expect(html).not.toMatch(/<(link|script|img)\b|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain("&lt;PUBLISH&gt; on a/+");
    expect(html).toContain("RC-15");
    expect(html).toContain(certificate.catalogue.digest);
    const badge = renderBadge(certificate);
    expect(badge).toContain(">not conformant<");
    expect(badge).toContain('fill="#c62828"');
    expect(readFileSync(new URL("../../catalogue/requirements.yaml", import.meta.url)).length).toBeGreaterThan(0);
  });
});
