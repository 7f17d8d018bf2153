// `certify --verify certificate.json`: whether a certificate is the one the suite wrote. The JSON
// must match the SHA-256 in certificate.json.sha256 beside it, and the verdict it states must be
// the one its requirements give. (The digest shows an edit when the digest file is kept apart from
// the certificate, or published with it by whoever issued it.)
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { certificateFormat, judge, type Certificate } from "./certificate.ts";

export interface Verification {
  problems: string[];
  certificate?: Certificate;
}

export function verifyCertificate(jsonFile: string): Verification {
  if (!existsSync(jsonFile)) return { problems: [`no certificate at ${jsonFile}`] };
  const bytes = readFileSync(jsonFile);
  const problems: string[] = [];
  const digestFile = `${jsonFile}.sha256`;
  if (!existsSync(digestFile)) {
    problems.push(`no digest file ${digestFile} beside it`);
  } else {
    const match = /^([0-9a-f]{64})\s+\*?(.+)$/m.exec(readFileSync(digestFile, "utf8"));
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (!match) problems.push(`${basename(digestFile)} holds no SHA-256 line`);
    else if (match[1] !== actual)
      problems.push(
        `${basename(jsonFile)} does not match its digest: ` +
          `it was edited after it was written (SHA-256 ${actual}, digest file says ${match[1]})`,
      );
  }
  let certificate: Certificate;
  try {
    certificate = JSON.parse(bytes.toString("utf8")) as Certificate;
  } catch (error) {
    return { problems: [...problems, `${basename(jsonFile)} is not JSON: ${(error as Error).message}`] };
  }
  if (certificate.format !== certificateFormat)
    problems.push(`${basename(jsonFile)} is not a certificate of format ${certificateFormat}`);
  else {
    const { verdict } = judge(certificate.requirements, certificate.counts.scenarios);
    if (verdict !== certificate.verdict)
      problems.push(`it states "${certificate.verdict}" but its requirements give "${verdict}"`);
  }
  return { problems, certificate };
}
