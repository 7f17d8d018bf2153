// What a fuzz run needs to know about the broker it attacks, whatever runs it (a child process, a
// container, someone else's server): where it listens, whether it is still up, its memory when
// that can be read, and the internal errors it logged when it says so.
import { execFile } from "node:child_process";
import { connect as connectTcp } from "node:net";

export interface FuzzTarget {
  readonly host: string;
  readonly port: number;
  /** "reference (embedded, aws-iot-core)", for the report. */
  readonly description: string;
  /** Why the broker is gone (process exited, container stopped), or undefined while it runs. */
  exited(): Promise<string | undefined>;
  /** Resident memory in bytes, when it can be measured. */
  memoryBytes(): Promise<number | undefined>;
  /** Internal errors the broker has logged so far, when it reports them (the reference broker does). */
  internalErrors(): Promise<number | undefined>;
  /** Starts a fresh broker in place of a crashed one, where the target can (to confirm a crash). */
  restart?(): Promise<FuzzTarget>;
  stop(): Promise<void>;
}

/** Whether a TCP connection to the port can be opened within the deadline. */
export function portAnswers(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host, port });
    const deadline = setTimeout(() => done(false), timeoutMs); // deadline for the probe
    const done = (answered: boolean): void => {
      clearTimeout(deadline);
      socket.destroy();
      resolve(answered);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Established TCP connections whose local port is the broker's, as the broker's side sees them
 * (loopback brokers only: `ss` reads this machine's sockets). Undefined when `ss` is unavailable.
 */
export function brokerSideConnections(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile("ss", ["-Htn", "state", "established", `( sport = :${port} )`], (error, stdout) => {
      resolve(error ? undefined : stdout.split("\n").filter((line) => line.trim().length > 0).length);
    });
  });
}

/** A broker someone else runs: only its port tells whether it is up. */
export function externalTarget(host: string, port: number, description: string): FuzzTarget {
  return {
    host,
    port,
    description,
    exited: async () =>
      (await portAnswers(host, port)) || (await portAnswers(host, port))
        ? undefined
        : `port ${port} no longer answers`,
    memoryBytes: async () => undefined,
    internalErrors: async () => undefined,
    stop: async () => undefined,
  };
}

/** A broker in a child process of this one (the reference broker from this checkout). */
export interface ChildBroker {
  readonly host: string;
  readonly port: number;
  readonly internalErrors: readonly string[];
  readonly exit: { code: number | null; signal: string | null } | undefined;
  rssBytes(): number | undefined;
  stop(): Promise<void>;
}

/** Fuzzes a broker started by `start` in a child process: its exit and memory are its own. */
export async function childProcessTarget(start: () => Promise<ChildBroker>, description: string): Promise<FuzzTarget> {
  const child = await start();
  return {
    host: child.host,
    port: child.port,
    description,
    async exited() {
      if (child.exit) return `the broker process exited (code ${child.exit.code}, signal ${child.exit.signal})`;
      return (await portAnswers(child.host, child.port)) ? undefined : `port ${child.port} no longer answers`;
    },
    memoryBytes: async () => child.rssBytes(),
    internalErrors: async () => child.internalErrors.length,
    async restart() {
      await child.stop();
      return childProcessTarget(start, description);
    },
    stop: () => child.stop(),
  };
}
