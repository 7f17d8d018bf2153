// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as MQTT 5 enhanced authentication carries
// it: the client-first message in CONNECT's Authentication Data, the server-first in AUTH 0x18,
// the client-final in the client's AUTH 0x18, the server-final in the CONNACK (or AUTH 0x00).
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";

export const scramMethod = "SCRAM-SHA-256";

const hmac = (key: Buffer, text: string): Buffer => createHmac("sha256", key).update(text).digest();
const sha256 = (data: Buffer): Buffer => createHash("sha256").update(data).digest();
const xor = (a: Buffer, b: Buffer): Buffer => Buffer.from(a.map((byte, index) => byte ^ b[index]));

/** `a=1,b=2` into its attributes; a value may contain "=". */
function attributes(message: string): Map<string, string> {
  return new Map(message.split(",").map((part) => [part.slice(0, 1), part.slice(2)] as [string, string]));
}

/** One SCRAM exchange from the client's side. */
export class ScramClient {
  private readonly clientNonce = randomBytes(18).toString("base64");
  private readonly clientFirstBare: string;
  private authMessage = "";
  private saltedPassword = Buffer.alloc(0);

  constructor(
    username: string,
    private readonly password: string,
  ) {
    // RFC 5802 5.1: "=" and "," in a user name are escaped
    this.clientFirstBare = `n=${username.replace(/=/g, "=3D").replace(/,/g, "=2C")},r=${this.clientNonce}`;
  }

  /** The client-first message: no channel binding, no authorization identity. */
  first(): Buffer {
    return Buffer.from(`n,,${this.clientFirstBare}`);
  }

  /** The client-final message answering the server-first one; throws on a server-first that breaks the protocol. */
  final(serverFirst: Buffer): Buffer {
    const text = serverFirst.toString("utf8");
    const fields = attributes(text);
    const nonce = fields.get("r");
    const salt = fields.get("s");
    const iterations = Number(fields.get("i"));
    if (!nonce?.startsWith(this.clientNonce) || !salt || !Number.isInteger(iterations) || iterations < 1) {
      throw new Error(`the server-first message does not follow SCRAM: ${JSON.stringify(text)}`);
    }
    this.saltedPassword = pbkdf2Sync(this.password, Buffer.from(salt, "base64"), iterations, 32, "sha256");
    const withoutProof = `c=biws,r=${nonce}`;
    this.authMessage = `${this.clientFirstBare},${text},${withoutProof}`;
    const clientKey = hmac(this.saltedPassword, "Client Key");
    const proof = xor(clientKey, hmac(sha256(clientKey), this.authMessage));
    return Buffer.from(`${withoutProof},p=${proof.toString("base64")}`);
  }

  /** Whether the server-final message proves the server knew the password. */
  verifies(serverFinal: Buffer): boolean {
    const signature = attributes(serverFinal.toString("utf8")).get("v");
    if (!signature) return false;
    const expected = hmac(hmac(this.saltedPassword, "Server Key"), this.authMessage);
    const given = Buffer.from(signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
