// The suite's own container image (scripts/docker/suite-image.sh), against a real Docker engine:
// it answers --help, and judges a reference broker container it reaches over host networking,
// writing its reports into the folder mounted at /work.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDescriptor } from "../../support/brokers/descriptor.ts";
import { ensureImage, freePortBlock } from "../../support/targets/container.ts";

const script = new URL("../../scripts/docker/suite-image.sh", import.meta.url).pathname;

function docker(args: string[], timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("docker", args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("the suite's container image", () => {
  let tag = "";
  const broker = `mqtt-conformance-suite-image-test-${process.pid}`;

  beforeAll(async () => {
    tag = execFileSync(script, { encoding: "utf8", timeout: 10 * 60_000, stdio: ["ignore", "pipe", "inherit"] })
      .trim()
      .split("\n")
      .at(-1)!;
    await ensureImage(loadDescriptor("reference"));
  }, 12 * 60_000);

  afterAll(async () => {
    await docker(["rm", "-f", broker]);
  });

  it("answers --help", async () => {
    const result = await docker(["run", "--rm", tag, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: mqtt-conformance \[options\] \[command\]/);
    expect(result.stdout).toMatch(/certify \[options\]/);
  });

  it("runs scenarios against a reference broker container reached over host networking", async () => {
    const port = await freePortBlock(1);
    const image = loadDescriptor("reference").container!.image;
    await docker(["run", "-d", "--rm", "--name", broker, "--network", "host", "-e", `MQTT_PORT=${port}`, image]);
    const work = mkdtempSync(join(tmpdir(), "suite-image-"));
    const result = await docker([
      "run",
      "--rm",
      "--network",
      "host",
      "-v",
      `${work}:/work`,
      tag,
      "run",
      "--url",
      `mqtt://127.0.0.1:${port}`,
      "--tags",
      "@req:QOS-09",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/reference · aws-iot-core: 4 passed, 0 failed, 0 unsupported, 0 not applicable/);
    expect(JSON.parse(readFileSync(join(work, "reports", "results.json"), "utf8"))).toMatchObject({
      broker: "reference",
      profile: "aws-iot-core",
    });
  }, 120_000);
});
