// Principals identified by a client certificate [TRN-03] [API-06]: the certificate's subject
// common name names the principal, and the account says which client identifiers it may connect
// as and which topics it may publish to or subscribe within, over MQTT and the HTTPS interface
// alike. With no certificate accounts configured, a trusted certificate may do everything.
import { z } from "zod";
import { topicMatches } from "../matcher.ts";
import { filterWithin, globMatches, unrestricted, type Permissions } from "./credentials.ts";

export const certificateAccountSchema = z
  .object({
    /** The subject common name of the client certificate. */
    commonName: z.string().min(1),
    /** Client identifiers the principal may connect as (`*` stands for any characters). Default: any. */
    clientIds: z.array(z.string()).default(["*"]),
    /** Topic filters the principal may publish to. Default: everything. */
    publish: z.array(z.string()).default(["#"]),
    /** Topic filters the principal may subscribe within. Default: everything. */
    subscribe: z.array(z.string()).default(["#"]),
  })
  .strict();

export type CertificateAccount = z.output<typeof certificateAccountSchema>;

export type CertificateAuthorization =
  | { accepted: true; permissions: Permissions }
  | { accepted: false; reason: string };

/** What the holder of a verified certificate with this common name may do, as `clientId` (if connecting). */
export function authorizeCertificate(
  accounts: readonly CertificateAccount[],
  commonName: string,
  clientId?: string,
): CertificateAuthorization {
  if (accounts.length === 0) return { accepted: true, permissions: unrestricted };
  const account = accounts.find((candidate) => candidate.commonName === commonName);
  if (!account) return { accepted: false, reason: `no account for the certificate of ${JSON.stringify(commonName)}` };
  if (clientId !== undefined && !account.clientIds.some((pattern) => globMatches(pattern, clientId))) {
    return {
      accepted: false,
      reason: `the certificate of ${JSON.stringify(commonName)} may not connect as ${clientId}`,
    };
  }
  return {
    accepted: true,
    permissions: {
      mayPublish: (topic) => account.publish.some((allowed) => topicMatches(allowed, topic, "oasis")),
      maySubscribe: (topicFilter) => account.subscribe.some((allowed) => filterWithin(allowed, topicFilter)),
    },
  };
}
