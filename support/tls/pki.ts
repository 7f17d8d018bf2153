// The test PKI a run makes for itself with openssl [TRN-01..06] [API-06]: a CA the broker trusts,
// a server certificate for localhost and 127.0.0.1, client certificates signed by that CA (one
// per principal a scenario names), one that expired, and one from a CA nobody trusts. Made in a
// temporary folder and removed at once: no private key is ever written into the repository.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface KeyPair {
  cert: string;
  key: string;
}

export interface TestPki {
  /** The CA that signed the server's certificate and the trusted client certificates. */
  ca: string;
  /** The broker's certificate (CN and SAN localhost, SAN 127.0.0.1) and key. */
  server: KeyPair;
  /** Client certificates signed by the CA, by subject common name. */
  clients: Record<string, KeyPair>;
  /** A client certificate signed by the CA whose validity ended in 2020. */
  expired: KeyPair;
  /** A client certificate signed by a CA the broker does not know. */
  unknownCa: KeyPair;
}

/** Common names of the trusted client certificates every PKI has. */
export const clientNames = ["thing-one", "thing-two"] as const;

function openssl(folder: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: folder, stdio: ["ignore", "ignore", "pipe"] });
}

const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/** A certificate request and key for `name`, then signed by `ca` with extra `x509` arguments. */
function issue(folder: string, name: string, ca: string, extra: string[] = []): KeyPair {
  openssl(folder, ["req", "-new", ...ecKey, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
  openssl(folder, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-days",
    "2",
    "-sha256",
    "-out",
    `${name}.crt`,
    ...extra,
  ]);
  return {
    cert: readFileSync(join(folder, `${name}.crt`), "utf8"),
    key: readFileSync(join(folder, `${name}.key`), "utf8"),
  };
}

function selfSignedCa(folder: string, name: string): void {
  openssl(folder, [
    "req",
    "-x509",
    ...ecKey,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.crt`,
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
  ]);
}

/** A certificate signed by `ca` whose validity lies in the past (openssl 3.0's x509 cannot backdate: `ca` can). */
function issueExpired(folder: string, name: string, ca: string): KeyPair {
  openssl(folder, ["req", "-new", ...ecKey, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
  writeFileSync(join(folder, "index.txt"), "");
  writeFileSync(
    join(folder, "ca.cnf"),
    [
      "[ca]",
      "default_ca = test",
      "[test]",
      "dir = .",
      "database = index.txt",
      "new_certs_dir = .",
      "serial = expired.srl",
      "default_md = sha256",
      "policy = any",
      "[any]",
      "commonName = supplied",
      "",
    ].join("\n"),
  );
  writeFileSync(join(folder, "expired.srl"), "01\n");
  openssl(folder, [
    "ca",
    "-batch",
    "-config",
    "ca.cnf",
    "-cert",
    `${ca}.crt`,
    "-keyfile",
    `${ca}.key`,
    "-in",
    `${name}.csr`,
    "-out",
    `${name}.crt`,
    "-startdate",
    "20200101000000Z",
    "-enddate",
    "20200102000000Z",
    "-notext",
  ]);
  return {
    cert: readFileSync(join(folder, `${name}.crt`), "utf8"),
    key: readFileSync(join(folder, `${name}.key`), "utf8"),
  };
}

/** Makes a fresh PKI (about 0.2 s of openssl); fails with openssl's own message if it cannot. */
export function makeTestPki(): TestPki {
  const folder = mkdtempSync(join(tmpdir(), "mqtt-conformance-pki-"));
  try {
    selfSignedCa(folder, "test-ca");
    writeFileSync(join(folder, "server.ext"), "subjectAltName = DNS:localhost, IP:127.0.0.1\n");
    const server = issue(folder, "localhost", "test-ca", ["-extfile", "server.ext"]);
    const clients = Object.fromEntries(clientNames.map((name) => [name, issue(folder, name, "test-ca")]));
    const expired = issueExpired(folder, "thing-expired", "test-ca");
    selfSignedCa(folder, "stranger-ca");
    const unknownCa = issue(folder, "thing-stranger", "stranger-ca");
    return { ca: readFileSync(join(folder, "test-ca.crt"), "utf8"), server, clients, expired, unknownCa };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`cannot make the test certificates with openssl: ${stderr || (error as Error).message}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
