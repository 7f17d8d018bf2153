// Accounts from the `credentials` option: who may connect (user name and password [RC-03]), as
// which client identifiers [RC-04], and which topics the account may publish to [RC-09] or
// subscribe within [RC-16]. With no accounts configured, everyone may do everything.
import type { Credential } from "../config.ts";
import { topicMatches } from "../matcher.ts";
import { ReasonCode } from "../reason-codes.ts";

/** What an accepted connection may do: everything, or what its account allows. */
export interface Permissions {
  mayPublish(topic: string): boolean;
  maySubscribe(topicFilter: string): boolean;
}

export const unrestricted: Permissions = {
  mayPublish: () => true,
  maySubscribe: () => true,
};

export type AuthenticationResult =
  | { accepted: true; permissions: Permissions }
  | { accepted: false; reasonCode: number; reason: string };

/** `*` stands for any run of characters; everything else is literal. */
export function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`, "s").test(text);
}

/**
 * A requested topic filter is within an allowed one when every topic it can match is matched by
 * the allowed filter: `sensors/#` allows `sensors/+/temp`; `sensors/+` does not allow `sensors/#`.
 */
export function filterWithin(allowed: string, requested: string): boolean {
  const allowedLevels = allowed.split("/");
  const requestedLevels = requested.split("/");
  for (const [index, level] of allowedLevels.entries()) {
    if (level === "#") return true;
    const asked = requestedLevels[index];
    if (asked === undefined || asked === "#") return false;
    if (level !== "+" && level !== asked) return false;
  }
  return allowedLevels.length === requestedLevels.length;
}

function permissionsOf(account: Credential): Permissions {
  return {
    mayPublish: (topic) => account.publish.some((allowed) => topicMatches(allowed, topic, "oasis")),
    maySubscribe: (topicFilter) => account.subscribe.some((allowed) => filterWithin(allowed, topicFilter)),
  };
}

/**
 * Checks a CONNECT's user name and password against the accounts: unknown or wrong → 0x86;
 * known but not allowed this client identifier → 0x87.
 */
export function authenticate(
  accounts: readonly Credential[],
  connect: { username?: string; password?: Buffer; clientId: string },
): AuthenticationResult {
  if (accounts.length === 0) return { accepted: true, permissions: unrestricted };
  const password = connect.password?.toString("utf8");
  const account = accounts.find(
    (candidate) => candidate.username === connect.username && candidate.password === password,
  );
  if (!account)
    return {
      accepted: false,
      reasonCode: ReasonCode.BadUserNameOrPassword,
      reason: "unknown user name or wrong password",
    };
  if (!account.clientIds.some((pattern) => globMatches(pattern, connect.clientId))) {
    return {
      accepted: false,
      reasonCode: ReasonCode.NotAuthorized,
      reason: `user ${account.username} may not connect as ${connect.clientId}`,
    };
  }
  return { accepted: true, permissions: permissionsOf(account) };
}
