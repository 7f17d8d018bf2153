// One-line, human-readable renderings of MQTT packets for logs and failure messages.
import type { Packet } from "mqtt-packet";

const maxPayloadChars = 80;

/** Payload as text when it is printable UTF-8, hex otherwise, shortened past 80 characters. */
export function describePayload(payload: Buffer | string | undefined): string {
  if (payload === undefined) return "(none)";
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  if (bytes.length === 0) return "(empty)";
  const text = bytes.toString("utf8");
  const printable = !text.includes("\uFFFD") && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
  const shown = printable ? JSON.stringify(text) : `0x${bytes.toString("hex")}`;
  return shown.length > maxPayloadChars ? `${shown.slice(0, maxPayloadChars)}… (${bytes.length} bytes)` : shown;
}

export function hex(bytes: Buffer, max = 64): string {
  const shown = bytes.subarray(0, max).toString("hex").replace(/(..)/g, "$1 ").trim();
  return bytes.length > max ? `${shown} … (${bytes.length} bytes)` : shown;
}

/** A reason or return code as written in the specification: "0x8E". */
export function hexCode(value: number | undefined): string {
  return value === undefined ? "-" : `0x${value.toString(16).toUpperCase().padStart(2, "0")}`;
}

function properties(packet: { properties?: object }): string {
  const props = packet.properties;
  if (!props || Object.keys(props).length === 0) return "";
  const rendered = JSON.stringify(props, (_key, value: unknown) =>
    value && typeof value === "object" && (value as { type?: string }).type === "Buffer"
      ? `0x${Buffer.from((value as { data: number[] }).data).toString("hex")}`
      : value,
  );
  return ` props=${rendered}`;
}

export function describePacket(packet: Packet): string {
  const name = packet.cmd.toUpperCase();
  switch (packet.cmd) {
    case "connect": {
      const will = packet.will
        ? ` will={topic=${JSON.stringify(packet.will.topic)} qos=${packet.will.qos ?? 0} ` +
          `retain=${packet.will.retain ? 1 : 0} payload=${describePayload(packet.will.payload)}` +
          `${properties(packet.will)}}`
        : "";
      return (
        `${name} v${packet.protocolVersion === 5 ? 5 : "3.1.1"} clientId=${JSON.stringify(packet.clientId)} ` +
        `clean=${packet.clean ? 1 : 0} keepalive=${packet.keepalive}${will}` +
        `${packet.username !== undefined ? ` username=${JSON.stringify(packet.username)}` : ""}${properties(packet)}`
      );
    }
    case "connack": {
      const code =
        packet.reasonCode !== undefined ? `reason=${hexCode(packet.reasonCode)}` : `returnCode=${packet.returnCode}`;
      return `${name} sessionPresent=${packet.sessionPresent ? 1 : 0} ${code}${properties(packet)}`;
    }
    case "publish":
      return (
        `${name} topic=${JSON.stringify(packet.topic)} qos=${packet.qos} retain=${packet.retain ? 1 : 0} ` +
        `dup=${packet.dup ? 1 : 0}${packet.messageId !== undefined ? ` id=${packet.messageId}` : ""} ` +
        `payload=${describePayload(packet.payload)}${properties(packet)}`
      );
    case "subscribe":
      return (
        `${name} id=${packet.messageId} ` +
        `${packet.subscriptions.map((s) => `${JSON.stringify(s.topic)}@${s.qos}`).join(" ")}${properties(packet)}`
      );
    case "suback":
      return (
        `${name} id=${packet.messageId} ` +
        `granted=[${(packet.granted as number[]).map(hexCode).join(",")}]${properties(packet)}`
      );
    case "unsubscribe":
      return (
        `${name} id=${packet.messageId} ` +
        `${packet.unsubscriptions.map((t) => JSON.stringify(t)).join(" ")}${properties(packet)}`
      );
    case "unsuback":
      return (
        `${name} id=${packet.messageId}` +
        `${packet.granted ? ` codes=[${packet.granted.map(hexCode).join(",")}]` : ""}${properties(packet)}`
      );
    case "puback":
    case "pubrec":
    case "pubrel":
    case "pubcomp":
      return (
        `${name} id=${packet.messageId}` +
        `${packet.reasonCode !== undefined ? ` reason=${hexCode(packet.reasonCode)}` : ""}${properties(packet)}`
      );
    case "disconnect":
    case "auth":
      return (
        `${name}${packet.reasonCode !== undefined ? ` reason=${hexCode(packet.reasonCode)}` : ""}` +
        `${properties(packet)}`
      );
    default:
      return name;
  }
}
