// The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677), the enhanced authentication method of
// MQTT 5 [MQTT5-4.12]: the client-first message comes in CONNECT's (or a re-authenticating
// AUTH's) Authentication Data, the server-first goes out in AUTH 0x18, the client-final comes in
// the client's AUTH 0x18, and the server-final goes out in the CONNACK (or AUTH 0x00). The broker
// knows one account, whose password it keeps only as the keys RFC 5802 derives from it.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";

export const scramSha256 = "SCRAM-SHA-256";

/** RFC 7677 asks for at least 4096 iterations. */
const iterations = 4096;
/** Longest SCRAM message taken from a client: far more than any well-formed one needs. */
const maxMessageBytes = 1024;

const hmac = (key: Buffer, text: string): Buffer => createHmac("sha256", key).update(text).digest();
const sha256 = (data: Buffer): Buffer => createHash("sha256").update(data).digest();

/** What the server keeps of an account: RFC 5802 section 3. */
export interface ScramCredentials {
  username: string;
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

/** Derives the stored and server keys of an account from its password, with a fresh salt. */
export function scramCredentials(
  username: string,
  password: string,
  salt: Buffer = randomBytes(16),
): ScramCredentials {
  const saltedPassword = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  return {
    username,
    salt,
    iterations,
    storedKey: sha256(hmac(saltedPassword, "Client Key")),
    serverKey: hmac(saltedPassword, "Server Key"),
  };
}

/** `a=1,b=2` into its attributes, in order (a value may contain "="); undefined when a part is not `letter=value`. */
function attributes(text: string): Array<[string, string]> | undefined {
  const parts = text.split(",");
  if (!parts.every((part) => /^[a-zA-Z]=/.test(part))) return undefined;
  return parts.map((part) => [part.slice(0, 1), part.slice(2)]);
}

/** RFC 5802 saslname: "=2C" and "=3D" stand for "," and "="; any other "=" is malformed. */
function decodeSaslName(name: string): string | undefined {
  if (/=(?!2C|3D)/.test(name)) return undefined;
  return name.replace(/=2C/g, ",").replace(/=3D/g, "=");
}

/** A client message as text, or undefined when it cannot be one. */
function messageText(data: Buffer | undefined): string | undefined {
  if (!data || data.length === 0 || data.length > maxMessageBytes) return undefined;
  const text = data.toString("utf8");
  return Buffer.byteLength(text) === data.length && !text.includes("\u0000") ? text : undefined;
}

/** One exchange, from the client-first message to the server-final one. */
export class ScramExchange {
  private constructor(
    private readonly credentials: ScramCredentials,
    /** Whether the client named the account; an unknown name fails at the proof, like a wrong password. */
    private readonly knownUser: boolean,
    private readonly gs2Header: string,
    private readonly clientFirstBare: string,
    private readonly nonce: string,
    /** The server-first message sent. */
    readonly serverFirst: Buffer,
  ) {}

  /**
   * Reads the client-first message and answers with the server-first one; undefined when the
   * message is not a SCRAM client-first message the broker takes (channel binding is not offered).
   */
  static start(credentials: ScramCredentials, clientFirst: Buffer | undefined): ScramExchange | undefined {
    const text = messageText(clientFirst);
    // gs2-header: "n" or "y" (no channel binding), an empty authzid, then the bare message
    const header = text === undefined ? undefined : /^([ny]),,/.exec(text);
    if (!text || !header) return undefined;
    const clientFirstBare = text.slice(header[0].length);
    const [user, nonce] = attributes(clientFirstBare) ?? [];
    if (user?.[0] !== "n" || nonce?.[0] !== "r" || !/^[\x21-\x2b\x2d-\x7e]+$/.test(nonce[1])) return undefined;
    const username = decodeSaslName(user[1]);
    if (username === undefined) return undefined;
    const combinedNonce = nonce[1] + randomBytes(18).toString("base64");
    const serverFirst = `r=${combinedNonce},s=${credentials.salt.toString("base64")},i=${credentials.iterations}`;
    return new ScramExchange(
      credentials,
      username === credentials.username,
      header[0],
      clientFirstBare,
      combinedNonce,
      Buffer.from(serverFirst),
    );
  }

  /**
   * Checks the client-final message: the channel binding and nonce it must repeat, and the proof
   * that the client knows the password. Returns the server-final message, or undefined.
   */
  finish(clientFinal: Buffer | undefined): Buffer | undefined {
    const text = messageText(clientFinal);
    const proofAt = text?.lastIndexOf(",p=") ?? -1;
    if (!text || proofAt < 0) return undefined;
    const withoutProof = text.slice(0, proofAt);
    const [binding, nonce] = attributes(withoutProof) ?? [];
    if (binding?.[0] !== "c" || binding[1] !== Buffer.from(this.gs2Header).toString("base64")) return undefined;
    if (nonce?.[0] !== "r" || nonce[1] !== this.nonce) return undefined;
    const proof = Buffer.from(text.slice(proofAt + 3), "base64");
    const authMessage = `${this.clientFirstBare},${this.serverFirst.toString("utf8")},${withoutProof}`;
    const clientSignature = hmac(this.credentials.storedKey, authMessage);
    if (proof.length !== clientSignature.length) return undefined;
    const clientKey = Buffer.from(proof.map((byte, index) => byte ^ clientSignature[index]));
    if (!timingSafeEqual(sha256(clientKey), this.credentials.storedKey) || !this.knownUser) return undefined;
    return Buffer.from(`v=${hmac(this.credentials.serverKey, authMessage).toString("base64")}`);
  }
}
