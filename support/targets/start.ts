// Chooses and starts the target for a broker name: the embedded reference broker, or a broker
// at a URL described by a descriptor file.
import { loadDescriptor, loadDescriptorFile, underProfile } from "../brokers/descriptor.ts";
import { startEmbeddedTarget } from "./embedded.ts";
import { startExternalTarget, type TlsFiles } from "./external.ts";
import type { ProfileName, StartedTarget } from "./target.ts";

export interface TargetChoice {
  broker: string;
  /** Run the broker from its container image even when it can run in-process. */
  container?: boolean;
  url?: string;
  /** With `url`: the broker's HTTPS data-plane API (`https://host:port`) [API-01..06]. */
  httpUrl?: string;
  descriptorFile?: string;
  tlsFiles?: TlsFiles;
}

export async function startTarget(choice: TargetChoice, profile: ProfileName): Promise<StartedTarget> {
  if (choice.url) {
    const descriptor = choice.descriptorFile
      ? loadDescriptorFile(choice.descriptorFile)
      : loadDescriptor(choice.broker);
    return startExternalTarget(
      choice.url,
      underProfile(descriptor, profile),
      profile,
      choice.tlsFiles,
      choice.httpUrl,
    );
  }
  const descriptor = underProfile(loadDescriptor(choice.broker), profile); // fails with the list of known brokers
  if (choice.broker === "reference" && !choice.container) return startEmbeddedTarget(profile);
  if (!descriptor.container)
    throw new Error(
      `broker "${choice.broker}" has no container image; reach a running instance with --url mqtt://host:port`,
    );
  const { startContainerTarget } = await import("./container.ts");
  return startContainerTarget(descriptor, profile);
}

/**
 * Whether the broker must be started anew for each profile: the reference broker implements the
 * profile it is given; any other broker is the same broker whichever profile judges it.
 */
export function targetDependsOnProfile(choice: TargetChoice): boolean {
  if (choice.url) return false;
  if (choice.broker === "reference" && !choice.container) return true;
  const environment = loadDescriptor(choice.broker).container?.environment ?? {};
  return Object.values(environment).some((value) => value.includes("{profile}"));
}
