// Steps about the connection policy [ATR-01..03]: a broker of the scenario's own that enforces a
// policy given as a table, connections asking for what the policy may refuse, and refusals.
import type { DataTable } from "@cucumber/cucumber";
import type { ProtocolVersion } from "../support/driver/client.ts";
import { describePacket } from "../support/driver/describe.ts";
import { check, connackCode } from "../support/harness/assertions.ts";
import { Given, Then, When } from "../support/harness/define-steps.ts";
import { willFields } from "../support/harness/will-fields.ts";
import type { ConformanceWorld } from "../support/harness/world.ts";

/** v5 CONNACK 0x87 Not authorized; v3 return code 5 "not authorized". */
const notAuthorized = { 5: 0x87, 4: 5 } as const;

Given(
  "the broker under test enforces this connection policy:",
  async function (this: ConformanceWorld, table: DataTable) {
    // | client ID | may connect | connectAttributes |, attributes separated by commas
    const clients = table.hashes().map((row) => ({
      clientId: row["client ID"],
      connect: row["may connect"] === "yes",
      connectAttributes: row.connectAttributes
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean) as Array<"PersistentConnect" | "LastWill">,
    }));
    // the policy names client IDs, so they are used as written: the broker is the scenario's own
    await this.configureBroker({ policy: { clients } }, { namesAsWritten: true });
  },
);

When(
  "client {string} connects with MQTT {mqtt} and a persistent session",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion) {
    await this.connect(
      name,
      version,
      version === 5 ? { clean: false, properties: { sessionExpiryInterval: 300 } } : { clean: false },
    );
  },
);

When(
  "client {string} connects with MQTT {mqtt} and a Will",
  async function (this: ConformanceWorld, name: string, version: ProtocolVersion) {
    await this.connect(name, version, willFields(this.topic(`devices/${name}/status`), "offline"));
  },
);

Then("the broker refuses {string} as not authorized", async function (this: ConformanceWorld, name: string) {
  const client = this.client(name);
  const connack = this.connack(name);
  const expected = notAuthorized[client.protocolVersion];
  check(
    connackCode(connack) === expected,
    client,
    `expected CONNACK code 0x${expected.toString(16).padStart(2, "0")} (not authorized), ` +
      `got ${describePacket(connack)}`,
  );
  await client.expectClose(this.deliveryTimeoutMs);
});
