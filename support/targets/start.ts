// Chooses and starts the target for a broker name: the embedded reference broker, or a broker
// at a URL described by a descriptor file.
import { loadDescriptor, loadDescriptorFile } from "../brokers/descriptor.ts";
import { startEmbeddedTarget } from "./embedded.ts";
import { startExternalTarget } from "./external.ts";
import type { ProfileName, StartedTarget } from "./target.ts";

export interface TargetChoice {
  broker: string;
  url?: string;
  descriptorFile?: string;
}

export async function startTarget(choice: TargetChoice, profile: ProfileName): Promise<StartedTarget> {
  if (choice.url) {
    const descriptor = choice.descriptorFile ? loadDescriptorFile(choice.descriptorFile) : loadDescriptor(choice.broker);
    return startExternalTarget(choice.url, descriptor, profile);
  }
  loadDescriptor(choice.broker); // fails with the list of known brokers
  if (choice.broker === "reference") return startEmbeddedTarget(profile);
  throw new Error(`broker "${choice.broker}" has no local target yet; reach a running instance with --url mqtt://host:port`);
}
