// Steps that send one packet described field by field in a table (support/harness/packet-tables.ts),
// for scenarios about a packet's fields: as the client rules allow, or breaking one on purpose.
import type { DataTable } from "@cucumber/cucumber";
import { When } from "../support/harness/define-steps.ts";
import { packetFromRows } from "../support/harness/packet-tables.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

When(
  "{string} sends a(n) {packetType} with:",
  function (this: ConformanceWorld, name: string, type: string, table: DataTable) {
    const client = this.client(name);
    client.send(packetFromRows(this, client, type, table.raw()));
  },
);

When(
  "{string} sends a(n) {packetType} breaking {rule}, with:",
  function (this: ConformanceWorld, name: string, type: string, rule: string, table: DataTable) {
    const client = this.client(name);
    client.send(packetFromRows(this, client, type, table.raw()), { breaking: rule });
  },
);
