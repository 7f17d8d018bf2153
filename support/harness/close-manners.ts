// The ways a scenario expects the broker to end a connection, as one step writes them after
// "the broker closes the connection of "x"": plain, without a CONNACK, after a given CONNACK code,
// with or without a refusing CONNACK, after a DISCONNECT code (MQTT 5), after no DISCONNECT or a
// server's one, at the connect timeout, 1.5 times the keep-alive after the last packet, or, for
// a protocol violation a broker may let pass, not at all (then nothing is judged).
import { describePacket, hexCode } from "../driver/describe.ts";
import { isConnack } from "../driver/predicates.ts";
import { check, checkShould, connackCode } from "./assertions.ts";
import { brokerCloses, checkDisconnectCode } from "./closing.ts";
import { connectTimeoutWindow, describeWindow, keepAliveCloseWindow, type Window } from "./timing.ts";
import { NotApplicable } from "./verdicts.ts";
import type { ConformanceWorld } from "./world.ts";

export type CloseManner =
  | { kind: "without-connack" }
  | { kind: "after-connack"; code: number }
  | { kind: "refused-or-not" }
  | { kind: "after-disconnect"; codes: number[] }
  | { kind: "disconnect-if-any"; codes: number[] }
  | { kind: "server-disconnect-code" }
  | { kind: "connect-timeout" }
  | { kind: "stalled" }
  | { kind: "keep-alive" }
  | { kind: "served-keep-alive" }
  | { kind: "unless-violation-passes" };

const codes = "0x[0-9A-Fa-f]{2}(?: or 0x[0-9A-Fa-f]{2})*";

/** The phrases, as a parameter type reads them (parameter-types.ts), each with its manner. */
export const closeMannerPhrases: Array<[RegExp, (match: RegExpExecArray) => CloseManner]> = [
  [/^ without a CONNACK$/, () => ({ kind: "without-connack" })],
  [
    /^ after CONNACK (0x[0-9A-Fa-f]{2})$/,
    (match) => ({ kind: "after-connack", code: Number.parseInt(match[1].slice(2), 16) }),
  ],
  [/^, with or without a CONNACK that refuses it$/, () => ({ kind: "refused-or-not" })],
  [
    new RegExp(`^, after DISCONNECT (${codes}) if it speaks MQTT 5$`),
    (match) => ({
      kind: "after-disconnect",
      codes: match[1].split(" or ").map((code) => Number.parseInt(code.slice(2), 16)),
    }),
  ],
  [/^, after no DISCONNECT or one with a reason code a server may send$/, () => ({ kind: "server-disconnect-code" })],
  [
    new RegExp(`^, after no DISCONNECT or one with (${codes})$`),
    (match) => ({
      kind: "disconnect-if-any",
      codes: match[1].split(" or ").map((code) => Number.parseInt(code.slice(2), 16)),
    }),
  ],
  [/^ at its connect timeout$/, () => ({ kind: "connect-timeout" })],
  [/^ at its connect timeout or 1\.5 times its keep-alive, whichever comes first$/, () => ({ kind: "stalled" })],
  [/^ 1\.5 times its keep-alive after its last packet$/, () => ({ kind: "keep-alive" })],
  [/^ 1\.5 times the keep-alive the broker serves it after its last packet$/, () => ({ kind: "served-keep-alive" })],
  [/^, unless it lets the violation pass$/, () => ({ kind: "unless-violation-passes" })],
];

export function closeMannerOf(text: string): CloseManner {
  for (const [pattern, manner] of closeMannerPhrases) {
    const match = pattern.exec(text);
    if (match) return manner(match);
  }
  throw new Error(`no way of closing a connection reads "${text}"`);
}

/**
 * DISCONNECT reason codes a Server may send (OASIS MQTT 5, table 3.14.2.1: all but 0x04, which only a Client sends).
 */
const serverDisconnectCodes = new Set([
  0x00, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
  0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2,
]);

/** Waits for a close within a window counted from `since`, then checks it was not early. */
async function closesWithin(
  world: ConformanceWorld,
  name: string,
  since: number,
  window: Window,
  what: string,
): Promise<void> {
  const client = world.client(name);
  const closed = await brokerCloses(world, name, Math.max(0, since + window.latestMs - Date.now()));
  const afterMs = closed.at - since;
  check(
    afterMs >= window.earliestMs,
    client,
    `expected the close ${describeWindow(window)} after ${what}, got it after ${(afterMs / 1000).toFixed(2)} s`,
  );
}

function sentKeepAlive(world: ConformanceWorld, name: string): number {
  const connect = world
    .client(name)
    .log.entries.find((entry) => entry.direction === "sent" && entry.packet?.cmd === "connect");
  return connect?.packet?.cmd === "connect" ? (connect.packet.keepalive ?? 0) : 0;
}

/**
 * [LIM-01] the keep-alive a broker with bounds serves for a request: 0 or above the longest is the
 * longest, below the shortest the shortest.
 */
export function servedKeepAlive(world: ConformanceWorld, requested: number): number {
  const longest = world.requireLimit("maxKeepAliveSeconds");
  const shortest = Math.min(world.requireLimit("minKeepAliveSeconds"), longest);
  return requested === 0 || requested > longest ? longest : Math.max(requested, shortest);
}

/** When the client last sent anything (or opened the connection). */
function lastSentAt(world: ConformanceWorld, name: string): number {
  const entries = world.client(name).log.entries;
  return [...entries].reverse().find((entry) => entry.direction === "sent")?.at ?? entries[0].at;
}

export async function expectBrokerClose(world: ConformanceWorld, name: string, manner: CloseManner): Promise<void> {
  const client = world.client(name);
  switch (manner.kind) {
    case "without-connack": {
      await brokerCloses(world, name);
      const connacks = client.matching(isConnack);
      check(connacks.length === 0, client, `expected no CONNACK, got ${connacks.map(describePacket).join("; ")}`);
      return;
    }
    case "after-connack": {
      // [MQTT-3.1.2-2] (3.1.1) a CONNACK with this return code, then the close: both required
      client.allowClose();
      // the CONNACK may have been looked at by an earlier step: it counts here too
      const connack =
        client.matching(isConnack)[0] ?? (await client.waitFor("CONNACK", isConnack, world.deliveryTimeoutMs));
      check(
        connackCode(connack) === manner.code,
        client,
        `expected CONNACK code ${hexCode(manner.code)}, got ${describePacket(connack)}`,
      );
      await brokerCloses(world, name);
      return;
    }
    case "refused-or-not": {
      await brokerCloses(world, name);
      const connack = client.matching(isConnack)[0];
      check(
        connack === undefined || connackCode(connack) !== 0,
        client,
        `expected the connection refused, got ${connack ? describePacket(connack) : "no CONNACK"}`,
      );
      return;
    }
    case "after-disconnect": {
      const closed = await brokerCloses(world, name);
      if (client.protocolVersion === 5) checkDisconnectCode(world, name, closed, manner.codes);
      return;
    }
    case "disconnect-if-any": {
      // MQTT 5 lets the broker close with or without telling why; if it tells, it is with one of these
      // [MQTT5-4.13.1-1] closing is a MUST; the DISCONNECT before it, and its code, a SHOULD
      const { disconnect } = await brokerCloses(world, name);
      checkShould(
        world,
        disconnect === undefined || manner.codes.includes(disconnect.reasonCode ?? 0),
        client,
        `expected no DISCONNECT or one with ${manner.codes.map(hexCode).join(" or ")}, ` +
          `got ${disconnect ? describePacket(disconnect) : "none"}`,
      );
      return;
    }
    case "server-disconnect-code": {
      const { disconnect } = await brokerCloses(world, name);
      // [MQTT-3.14.2-1] a DISCONNECT, if the broker sends one [M5-08], uses a reason code of the table
      const received = disconnect ? describePacket(disconnect) : "none";
      check(
        disconnect === undefined || serverDisconnectCodes.has(disconnect.reasonCode ?? 0),
        client,
        `expected no DISCONNECT or one with a server's reason code, got ${received}`,
      );
      return;
    }
    case "connect-timeout": {
      // [BAD-10] counted from the client's last bytes: the half packet, or the opening itself
      const timeoutMs = world.requireLimit("connectTimeoutMs");
      await closesWithin(
        world,
        name,
        lastSentAt(world, name),
        connectTimeoutWindow(world.target.descriptor, timeoutMs),
        "the connection went quiet",
      );
      return;
    }
    case "stalled": {
      // a packet stopped half-way: some brokers time it out like a missing CONNECT, others leave it to keep-alive
      const timeoutMs = world.requireLimit("connectTimeoutMs");
      const keepAlive = keepAliveCloseWindow(world.target.descriptor, sentKeepAlive(world, name));
      const byTimeout = connectTimeoutWindow(world.target.descriptor, timeoutMs);
      const first = byTimeout.latestMs <= keepAlive.latestMs ? byTimeout : keepAlive;
      const window = { earliestMs: Math.min(byTimeout.earliestMs, keepAlive.earliestMs), latestMs: first.latestMs };
      await closesWithin(world, name, lastSentAt(world, name), window, "the packet stalled");
      return;
    }
    case "keep-alive": {
      // [MQTT-3.1.2-24] 1.5 x the keep-alive the broker assigned (Server Keep Alive), or the client's
      const keepAliveSeconds = world.connack(name).properties?.serverKeepAlive ?? sentKeepAlive(world, name);
      await closesWithin(
        world,
        name,
        lastSentAt(world, name),
        keepAliveCloseWindow(world.target.descriptor, keepAliveSeconds),
        `the last packet (keep-alive ${keepAliveSeconds} s)`,
      );
      return;
    }
    case "served-keep-alive": {
      // [LIM-01] the keep-alive asked for, within the broker's bounds: 0 or above the longest is the longest
      const keepAliveSeconds = servedKeepAlive(world, sentKeepAlive(world, name));
      await closesWithin(
        world,
        name,
        lastSentAt(world, name),
        keepAliveCloseWindow(world.target.descriptor, keepAliveSeconds),
        `the last packet (keep-alive ${sentKeepAlive(world, name)} s, served as ${keepAliveSeconds} s)`,
      );
      return;
    }
    case "unless-violation-passes": {
      client.allowClose();
      const closed = await client.waitForClose(world.deliveryTimeoutMs).then(
        () => true,
        () => false,
      );
      // closing for the violation is DIF-03's concern; without a close there is nothing to follow from it
      const judged = "a broker that closes it is judged on this scenario";
      if (!closed)
        throw new NotApplicable(
          `${world.target.descriptor.name} kept the connection of "${name}" open after the protocol violation ` +
            `(DIF-03 judges that), so what follows a close cannot be seen; ${judged}`,
        );
      return;
    }
  }
}
