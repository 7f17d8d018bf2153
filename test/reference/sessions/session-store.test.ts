// Runs the SessionStore contract against every implementation the reference broker has.
import { MemorySessionStore } from "../../../brokers/reference/src/sessions/session-store.ts";
import { sessionStoreContract } from "./session-store.contract.ts";

sessionStoreContract("MemorySessionStore", () => new MemorySessionStore());
