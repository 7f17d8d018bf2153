// `mqtt-conformance certify`: runs one profile against a broker and writes the certificate
// (reports/certificate/): certificate.html, certificate.json, certificate.json.sha256 and
// badge.svg; prints the verdict. `certify --verify certificate.json` checks a certificate.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadDescriptor, loadDescriptorFile } from "../support/brokers/descriptor.ts";
import { cataloguePath, loadCatalogue } from "../support/catalogue/catalogue.ts";
import { buildCertificate, digestLine, exitCodeOf } from "../support/certify/certificate.ts";
import { renderBadge, renderCertificateHtml } from "../support/certify/render.ts";
import { verifyCertificate } from "../support/certify/verify.ts";
import { suitePackage } from "../support/run/package-info.ts";
import type { TargetChoice } from "../support/targets/start.ts";
import type { ProfileName } from "../support/targets/target.ts";
import { relativePath, runCommand } from "./run-command.ts";

export interface CertifyOptions extends TargetChoice {
  profile: ProfileName;
  parallel: number;
  reportsDir: string;
  /** Where the certificate files go. */
  outDir: string;
}

/** How the broker was reached, for the certificate (a URL without its credentials). */
function targetOf(choice: TargetChoice): string {
  if (choice.url) {
    const url = new URL(choice.url);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\/$/, "");
  }
  if (choice.broker === "reference" && !choice.container) return "embedded (in-process)";
  return `container image ${loadDescriptor(choice.broker).container?.image ?? choice.broker}`;
}

export function certificateFiles(outDir: string): { html: string; json: string; digest: string; badge: string } {
  return {
    html: join(outDir, "certificate.html"),
    json: join(outDir, "certificate.json"),
    digest: join(outDir, "certificate.json.sha256"),
    badge: join(outDir, "badge.svg"),
  };
}

/** Runs the profile, writes the certificate; returns the exit code its verdict gives. */
export async function certifyCommand(options: CertifyOptions): Promise<number> {
  const descriptor =
    options.url && options.descriptorFile
      ? loadDescriptorFile(options.descriptorFile)
      : loadDescriptor(options.broker);
  const [run] = await runCommand({ ...options, profiles: [options.profile] });
  const catalogue = loadCatalogue();
  const certificate = buildCertificate(catalogue, run, {
    target: targetOf(options),
    description: descriptor.description,
    suiteVersion: suitePackage().version,
    catalogueDirectory: dirname(cataloguePath),
  });
  const files = certificateFiles(options.outDir);
  mkdirSync(options.outDir, { recursive: true });
  const json = `${JSON.stringify(certificate, null, 2)}\n`;
  const digest = digestLine(json, "certificate.json");
  writeFileSync(files.json, json);
  writeFileSync(files.digest, digest);
  writeFileSync(files.html, renderCertificateHtml(certificate, catalogue, digest.split(" ")[0]));
  writeFileSync(files.badge, renderBadge(certificate));

  process.stdout.write(
    `\n${certificate.broker.name} ${certificate.broker.version} ` +
      `under ${certificate.profile}: ${certificate.verdict}\n`,
  );
  for (const sentence of certificate.why) process.stdout.write(`  ${sentence}\n`);
  for (const entry of certificate.requirements.filter(
    (item) => (item.verdict === "failed" && item.required) || item.verdict === "unsupported",
  )) {
    process.stdout.write(
      `    ${entry.verdict === "unsupported" ? "⛔" : "✗"} ${entry.id}: ${entry.reason ?? entry.verdict}\n`,
    );
  }
  process.stdout.write(
    `  certificate: ${relativePath(files.html)}, ${relativePath(files.json)} (+ .sha256), ` +
      `badge ${relativePath(files.badge)}\n`,
  );
  return exitCodeOf(certificate.verdict);
}

/** `certify --verify`: 0 when the certificate is intact, 1 with the problems otherwise. */
export function verifyCommand(jsonFile: string): number {
  const { problems, certificate } = verifyCertificate(jsonFile);
  if (problems.length > 0) {
    process.stdout.write(
      `✗ ${relativePath(jsonFile)} does not check out:\n${problems.map((problem) => `  ${problem}\n`).join("")}`,
    );
    return 1;
  }
  process.stdout.write(
    `✓ ${relativePath(jsonFile)} is intact: ${certificate!.broker.name} ${certificate!.broker.version} ` +
      `under ${certificate!.profile}, ${certificate!.verdict}, issued ${certificate!.issuedAt}\n`,
  );
  return 0;
}
