// Log lines of a broker running inside the suite's processes (the reference broker writes
// "[reference-broker] rule lastWillRule: http action failed" to stderr) belong with the run, not
// among the console's progress. While a run goes on, stderr lines tagged with their source in
// brackets go to a log file (reports/broker.log) instead; in a Cucumber worker they also go to
// the scenario's Allure result (worker-log.ts). Anything else on stderr passes through.
import { appendFileSync } from "node:fs";

/** The environment variable that tells Cucumber's workers where the log file is. */
export const brokerLogVariable = "MQTT_CONFORMANCE_BROKER_LOG";

const taggedLine = /^\[[a-z][\w.-]*\] /;

type Write = typeof process.stderr.write;

let diversions = 0;
let original: Write | undefined;
const listeners = new Set<{ file: string; onLine?: (line: string) => void }>();

/** Whether a chunk written to stderr is broker log lines only. */
export function isBrokerLog(text: string): boolean {
  const lines = text.split("\n").filter((line) => line.length > 0);
  return lines.length > 0 && lines.every((line) => taggedLine.test(line));
}

/** Diverts broker log lines until the returned function is called; nested diversions share one. */
export function divertBrokerLog(file: string, onLine?: (line: string) => void): () => void {
  const listener = { file, onLine };
  listeners.add(listener);
  if (diversions++ === 0) {
    original = process.stderr.write;
    const passThrough = original;
    process.stderr.write = function (
      this: NodeJS.WriteStream,
      chunk: string | Uint8Array,
      ...rest: unknown[]
    ): boolean {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      if (!isBrokerLog(text)) return (passThrough as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      const files = new Set([...listeners].map((entry) => entry.file));
      for (const path of files) appendFileSync(path, text.endsWith("\n") ? text : `${text}\n`);
      for (const entry of listeners) for (const line of text.split("\n").filter(Boolean)) entry.onLine?.(line);
      const callback = rest.find((argument) => typeof argument === "function") as (() => void) | undefined;
      callback?.();
      return true;
    } as Write;
  }
  return () => {
    if (!listeners.delete(listener)) return;
    if (--diversions === 0 && original) {
      process.stderr.write = original;
      original = undefined;
    }
  };
}
