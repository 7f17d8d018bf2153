// The broker's side of SCRAM-SHA-256 (RFC 5802, RFC 7677) against the suite's client side: the
// right password is proved both ways, anything else ends the exchange [MQTT5-4.12].
import { describe, expect, it } from "vitest";
import { scramCredentials, ScramExchange } from "../../../brokers/reference/src/auth/scram.ts";
import { ScramClient } from "../../../support/driver/scram.ts";

const credentials = scramCredentials("scram-user", "scram-password");

function exchange(client: ScramClient): ScramExchange {
  const started = ScramExchange.start(credentials, client.first());
  if (!started) throw new Error("the client-first message was refused");
  return started;
}

describe("SCRAM-SHA-256 exchange", () => {
  it("accepts the right password and proves the server knows it", () => {
    const client = new ScramClient("scram-user", "scram-password");
    const server = exchange(client);
    const serverFinal = server.finish(client.final(server.serverFirst));
    expect(serverFinal?.toString()).toMatch(/^v=/);
    expect(client.verifies(serverFinal!)).toBe(true);
  });

  it("answers the client-first message with its nonce extended, the salt and at least 4096 iterations", () => {
    const client = new ScramClient("scram-user", "scram-password");
    const clientNonce = /r=([^,]+)/.exec(client.first().toString())![1];
    const fields = new Map(
      exchange(client)
        .serverFirst.toString()
        .split(",")
        .map((part) => [part[0], part.slice(2)]),
    );
    expect(fields.get("r")!.startsWith(clientNonce)).toBe(true);
    expect(fields.get("r")!.length).toBeGreaterThan(clientNonce.length);
    expect(Buffer.from(fields.get("s")!, "base64").length).toBe(16);
    expect(Number(fields.get("i"))).toBeGreaterThanOrEqual(4096);
  });

  it("refuses a wrong password", () => {
    const client = new ScramClient("scram-user", "guess");
    const server = exchange(client);
    expect(server.finish(client.final(server.serverFirst))).toBeUndefined();
  });

  it("refuses an unknown user at the proof, as it would a wrong password", () => {
    const client = new ScramClient("someone-else", "scram-password");
    const server = exchange(client);
    expect(server.finish(client.final(server.serverFirst))).toBeUndefined();
  });

  it("refuses a client-final message whose nonce or channel binding is not the exchange's", () => {
    const client = new ScramClient("scram-user", "scram-password");
    const server = exchange(client);
    const final = client.final(server.serverFirst).toString();
    expect(server.finish(Buffer.from(final.replace(/r=[^,]+/, "r=other")))).toBeUndefined();
    expect(server.finish(Buffer.from(final.replace("c=biws", "c=eSws")))).toBeUndefined();
    expect(server.finish(Buffer.from(final.replace(/,p=.*/, "")))).toBeUndefined();
  });

  it.each([
    ["no data", undefined],
    ["empty data", ""],
    ["channel binding asked for", "p=tls-server-end-point,,n=scram-user,r=abc"],
    ["no nonce", "n,,n=scram-user"],
    ["a nonce with a comma", "n,,n=scram-user,r=a,b"],
    ["a badly escaped user name", "n,,n=scram=user,r=abc"],
    ["not UTF-8", Buffer.from([0x6e, 0x2c, 0x2c, 0xc3, 0x28])],
  ])("refuses a client-first message with %s", (_name, data) => {
    expect(ScramExchange.start(credentials, typeof data === "string" ? Buffer.from(data) : data)).toBeUndefined();
  });
});
