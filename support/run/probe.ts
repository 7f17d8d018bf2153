// Before any scenario runs, one CONNECT to the broker under test: a broker that accepts the
// connection but never answers CONNECT (the wrong port, a proxy, a broker still starting) would
// otherwise fail every scenario one by one. Bounded, so a dead broker is reported in one line.
import { randomBytes } from "node:crypto";
import { MqttTestClient } from "../driver/client.ts";
import type { TargetInfo } from "../targets/target.ts";

export const probeTimeoutMs = 5000;

export interface ProbeAnswer {
  /** CONNACK's return code (3.1.1) or reason code (5); 0 is an accepted connection. */
  code: number;
}

function where(info: TargetInfo): string {
  const transport = info.transport ?? "tcp";
  return transport === "tcp"
    ? `${info.host}:${info.port}`
    : `${transport}://${info.host}:${info.port}${info.path ?? ""}`;
}

/** Sends CONNECT and waits for CONNACK; throws one line when the broker answers nothing or closes. */
export async function probeConnect(info: TargetInfo, timeoutMs = probeTimeoutMs): Promise<ProbeAnswer> {
  const { descriptor } = info;
  const protocolVersion = descriptor.protocolVersions.includes("3.1.1") ? 4 : 5;
  const client = await MqttTestClient.open(
    { host: info.host, port: info.port, transport: info.transport, path: info.path, tls: info.tls },
    { name: "probe", protocolVersion, connectTimeoutMs: timeoutMs },
  );
  const credentials = descriptor.credentials
    ? { username: descriptor.credentials.username, password: Buffer.from(descriptor.credentials.password) }
    : {};
  try {
    const connack = await client.connect(
      { clientId: `mqtt-conformance-probe-${randomBytes(4).toString("hex")}`, ...credentials },
      timeoutMs,
    );
    await client.disconnect(1000);
    return { code: (protocolVersion === 5 ? connack.reasonCode : connack.returnCode) ?? 0 };
  } catch {
    const closed = client.closed?.by === "broker";
    const settings = "does the descriptor give the right protocol versions and credentials";
    throw new Error(
      closed
        ? `${descriptor.name} at ${where(info)} closed the connection instead of answering CONNECT ` +
            `(MQTT ${protocolVersion === 5 ? "5" : "3.1.1"}): is it an MQTT broker, and ${settings}?`
        : `${descriptor.name} at ${where(info)} accepted the connection but did not answer CONNECT ` +
            `within ${timeoutMs / 1000} s: is it an MQTT broker, and is this its MQTT port?`,
    );
  } finally {
    client.dispose();
  }
}
