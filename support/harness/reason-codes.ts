// Reason codes as scenarios write them in tables, and the check of a SUBACK or UNSUBACK against
// such a table: one code per filter, in order, success and failure where expected (MUST), each the
// exact code written (SHOULD: a note under the oasis profile).
import type { DataTable } from "@cucumber/cucumber";
import type { Packet } from "mqtt-packet";
import { describePacket } from "../driver/describe.ts";
import { check, checkShould } from "./assertions.ts";
import type { ConformanceWorld } from "./world.ts";

/** "0x00" or "0x00 or 0x11": the codes a table cell allows. */
export function allowedCodes(cell: string): number[] {
  return cell.split(/\s+or\s+/).map((code) => Number.parseInt(code.replace(/^0x/i, ""), 16));
}

/**
 * One code per filter, in order (a MUST); each the code the table gives (the exact refusal code
 * is a SHOULD). A table cell may allow several codes ("0x00 or 0x11").
 */
export function checkCodes(
  world: ConformanceWorld,
  name: string,
  ack: { granted?: unknown },
  what: string,
  table: DataTable,
): void {
  const client = world.client(name);
  const expected = table.raw().map(([cell]) => cell);
  const actual = (ack.granted ?? []) as number[];
  const shown = describePacket(ack as Packet);
  check(
    actual.length === expected.length,
    client,
    `expected ${what} with ${expected.length} reason codes, one per filter, got ${shown}`,
  );
  // success and failure must be as expected (a MUST) where the cell allows only one of them; which code, a SHOULD
  const side = (cell: string): "success" | "failure" | "either" => {
    const codes = allowedCodes(cell);
    return codes.every((code) => code >= 0x80) ? "failure" : codes.every((code) => code < 0x80) ? "success" : "either";
  };
  const sideWrong = expected.filter(
    (cell, index) => side(cell) !== "either" && (side(cell) === "failure") !== actual[index] >= 0x80,
  );
  check(sideWrong.length === 0, client, `expected ${what} codes [${expected.join(", ")}], got ${shown}`);
  const wrong = expected.filter((cell, index) => !allowedCodes(cell).includes(actual[index]));
  checkShould(world, wrong.length === 0, client, `expected ${what} codes [${expected.join(", ")}], got ${shown}`);
}
