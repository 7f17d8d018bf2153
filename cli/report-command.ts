// `mqtt-conformance report`: renders reports/allure-results into reports/allure-report with
// allure-commandline (needs Java), bounded in time, carrying the previous report's history over
// so trends show across runs.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { carryHistory } from "../support/results/allure-extras.ts";

const require = createRequire(import.meta.url);
const renderTimeoutMs = 120_000;

export async function reportCommand(reportsDir: string): Promise<number> {
  const results = join(reportsDir, "allure-results");
  const output = join(reportsDir, "allure-report");
  if (!existsSync(results)) {
    process.stderr.write(`mqtt-conformance: no Allure results in ${results}; run the suite first (npm run suite)\n`);
    return 2;
  }
  // the new report replaces the old one (--clean): its history goes into the results first
  if (carryHistory(output, results))
    process.stdout.write(`history carried over from the previous report in ${output}\n`);
  const allure = join(require.resolve("allure-commandline/package.json"), "..", "dist", "bin", "allure");
  return new Promise((resolve) => {
    const child = spawn(allure, ["generate", results, "-o", output, "--clean"], { stdio: "inherit" });
    const timer = setTimeout(() => child.kill("SIGTERM"), renderTimeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      process.stderr.write(
        `mqtt-conformance: cannot run allure (${error.message}); it needs Java 8 or newer on the PATH\n`,
      );
      resolve(2);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal) process.stderr.write(`mqtt-conformance: allure did not finish within ${renderTimeoutMs / 1000} s\n`);
      else if (code === 0) process.stdout.write(`Allure report: ${join(output, "index.html")}\n`);
      resolve(code ?? 1);
    });
  });
}
