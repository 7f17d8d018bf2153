// The suite's own package.json, found from wherever this module runs: the repository's sources
// (support/run/) or the installed package's compiled files (dist/support/run/).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface PackageInfo {
  name: string;
  version: string;
}

let found: PackageInfo | undefined;

export function suitePackage(): PackageInfo {
  if (found) return found;
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    const file = join(folder, "package.json");
    if (existsSync(file)) {
      const info = JSON.parse(readFileSync(file, "utf8")) as PackageInfo;
      if (info.name === "mqtt-conformance") return (found = info);
    }
    if (dirname(folder) === folder) throw new Error("the suite's package.json was not found above its sources");
  }
}
