// The container target against a real Docker engine (run by `npm run test:brokers`, which needs
// dockerd): a broker starts on a free loopback port, answers MQTT, and leaves no container behind
// after a stop, a failed start, or a run interrupted with SIGINT.
import { execFileSync, spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadDescriptor, type BrokerDescriptor } from "../../support/brokers/descriptor.ts";
import { MqttTestClient } from "../../support/driver/client.ts";
import { containerLabel, ensureImage, startContainer } from "../../support/targets/container.ts";

const bin = new URL("../../bin/mqtt-conformance.js", import.meta.url).pathname;

function ourContainers(): string[] {
  return execFileSync("docker", ["ps", "-a", "--filter", `label=${containerLabel}`, "--format", "{{.Names}}"], {
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean);
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // polling interval
  }
}

describe("container target", () => {
  const aedes = loadDescriptor("aedes");

  it("starts a broker on a free loopback port, and stop removes it", async () => {
    await ensureImage(aedes);
    const broker = await startContainer(aedes, "aws-iot-core");
    const client = await MqttTestClient.open(
      { host: broker.host, port: broker.port },
      { name: "probe", protocolVersion: 4 },
    );
    expect((await client.connect({ clientId: "probe" }, 3000)).returnCode).toBe(0);
    client.dispose();
    expect(ourContainers()).toContain(`mqtt-conformance-aedes-${broker.port}`);
    await broker.stop();
    expect(ourContainers()).toEqual([]);
  }, 120_000);

  it("removes a container that never says it is ready", async () => {
    const silent: BrokerDescriptor = {
      ...aedes,
      container: { ...aedes.container!, ready: "a line aedes never prints", startupTimeoutMs: 3000 },
    };
    await expect(startContainer(silent, "aws-iot-core")).rejects.toThrow(
      /aedes did not start \(no log line \/a line aedes never prints\/ within 3 s\)/,
    );
    expect(ourContainers()).toEqual([]);
  }, 60_000);

  it("leaves no container behind when a run is interrupted with SIGINT", async () => {
    const run = spawn(process.execPath, [bin, "run", "--broker", "aedes"], { detached: true, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => run.on("exit", (code) => resolve(code)));
    await until(() => ourContainers().length > 0, 60_000);
    process.kill(-run.pid!, "SIGINT"); // the whole process group, as Ctrl-C does
    expect(await exited).toBe(130);
    expect(ourContainers()).toEqual([]);
  }, 120_000);
});
