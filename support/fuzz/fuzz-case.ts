// One fuzz case: a connection that sends a CONNECT and then a run of packets, some of them
// mutated, all drawn from the case's seed, so the same seed always gives the same bytes. Running
// a case writes those bytes in bursts, reads whatever the broker answers, and notes how the
// connection ended.
import { connect as connectTcp } from "node:net";
import { generate, type Packet } from "mqtt-packet";
import { connectPacket, validPacket, type Namespace, type ProtocolVersion } from "./corpus.ts";
import { mutate } from "./mutators.ts";
import { Random } from "./random.ts";

export interface FuzzCase {
  seed: number;
  protocolVersion: ProtocolVersion;
  /** The bytes of each write, in order; a mutated packet may hold several packets or part of one. */
  frames: Buffer[];
  /** Mutations applied, per frame index, for the report. */
  mutations: Map<number, string[]>;
  /** How many frames go in each burst (between bursts the case yields to the event loop). */
  bursts: number[];
}

export interface CaseOutcome {
  /** Frames written before the connection ended. */
  packetsSent: number;
  /** The broker ended the connection before the case was done. */
  closedByBroker: boolean;
  /** The TCP connection could not be made. */
  unreachable: boolean;
  bytesReceived: number;
}

/** Probability that a packet after CONNECT is mutated. */
const mutationRate = 0.3;

function encode(packet: Packet, version: ProtocolVersion): Buffer | undefined {
  try {
    return generate(packet, { protocolVersion: version });
  } catch {
    return undefined; // a combination mqtt-packet refuses to write: the fuzzer's own, skipped
  }
}

export function buildCase(seed: number, namespace: Namespace, maxPackets = 80): FuzzCase {
  const random = new Random(seed);
  const version: ProtocolVersion = random.chance(0.5) ? 5 : 4;
  const another = (): Buffer => encode(validPacket(random, version, namespace), version) ?? Buffer.from([0xc0, 0x00]);
  const frames: Buffer[] = [];
  const mutations = new Map<number, string[]>();
  const connect = encode(connectPacket(random, version, namespace), version) ?? Buffer.from([0x10, 0x00]);
  const add = (bytes: Buffer, probability: number): void => {
    if (!random.chance(probability)) return void frames.push(bytes);
    const mutated = mutate(bytes, random, another);
    mutations.set(frames.length, mutated.applied);
    frames.push(mutated.bytes);
  };
  add(connect, 0.25);
  for (let count = random.between(1, maxPackets); count > 0; count--) {
    const bytes = encode(validPacket(random, version, namespace), version);
    if (bytes) add(bytes, mutationRate);
  }
  const bursts: number[] = [];
  for (let left = frames.length; left > 0; ) {
    const size = Math.min(left, random.between(1, 12));
    bursts.push(size);
    left -= size;
  }
  return { seed, protocolVersion: version, frames, mutations, bursts };
}

/** Writes the case to the broker; `lingerMs` after the last write the fuzzer ends the connection. */
export function runCase(
  address: { host: string; port: number },
  fuzzCase: FuzzCase,
  lingerMs: number,
): Promise<CaseOutcome> {
  return new Promise((resolve) => {
    const outcome: CaseOutcome = { packetsSent: 0, closedByBroker: false, unreachable: false, bytesReceived: 0 };
    const socket = connectTcp({ host: address.host, port: address.port });
    let finished = false;
    let lingering: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(lingering);
      clearTimeout(connectDeadline);
      socket.destroy();
      resolve(outcome);
    };
    const connectDeadline = setTimeout(() => {
      outcome.unreachable = true;
      finish();
    }, 5000); // deadline for the TCP connection
    socket.on("data", (chunk: Buffer) => (outcome.bytesReceived += chunk.length));
    socket.on("error", () => undefined); // a reset by the broker ends the case like a close
    let connected = false;
    socket.on("close", () => {
      if (!connected) outcome.unreachable = true;
      else if (!finished) outcome.closedByBroker = true;
      finish();
    });
    socket.once("connect", async () => {
      connected = true;
      clearTimeout(connectDeadline);
      let next = 0;
      for (const size of fuzzCase.bursts) {
        for (const frame of fuzzCase.frames.slice(next, next + size)) {
          if (socket.destroyed || finished) return;
          socket.write(frame);
          outcome.packetsSent++;
        }
        next += size;
        await new Promise((resume) => setImmediate(resume));
      }
      lingering = setTimeout(finish, lingerMs); // deadline for the broker's answers
    });
  });
}
