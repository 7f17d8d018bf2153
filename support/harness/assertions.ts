// Assertion helpers for steps: a failure names the client, says what was expected and what
// arrived, and carries the client's packet log. `checkShould` is for what OASIS asks with SHOULD
// or MAY (a DISCONNECT before the close, the exact reason code): a failure under the oasis profile
// is a note; under aws-iot-core, which documents what AWS IoT Core does, it is a failure.
import type { IConnackPacket } from "mqtt-packet";
import type { MqttTestClient } from "../driver/client.ts";
import { describePacket } from "../driver/describe.ts";
import { ExpectationError } from "../driver/expectation-error.ts";
import type { ConformanceWorld } from "./world.ts";

export function check(condition: boolean, client: MqttTestClient, expectation: string): asserts condition {
  if (!condition) throw new ExpectationError(`${client.name}: ${expectation}`, client.log);
}

/** A SHOULD (or MAY) of OASIS: a note under the oasis profile, a failure under aws-iot-core. */
export function checkShould(
  world: ConformanceWorld,
  condition: boolean,
  client: MqttTestClient,
  expectation: string,
): void {
  if (condition) return;
  if (world.profile === "oasis") {
    world.note(`${world.requirementLabel} SHOULD: ${client.name}: ${expectation}`);
    return;
  }
  throw new ExpectationError(`${client.name}: ${expectation}`, client.log);
}

/** The CONNACK code whatever the version: v5 reason code, v3 return code. */
export function connackCode(connack: IConnackPacket): number {
  return connack.reasonCode ?? connack.returnCode ?? -1;
}

export function checkConnackAccepted(connack: IConnackPacket, client: MqttTestClient): void {
  check(connackCode(connack) === 0, client, `expected the connection to be accepted, got ${describePacket(connack)}`);
}
