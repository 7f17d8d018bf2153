// The retained-message limit [RET-10]. AWS IoT Core answers retained publishes with a payload
// with a throttling error once the limit is reached, "until some retained messages are deleted
// and the retained message count falls below the limit": replacing an existing retained message
// is throttled too, while deleting (a zero-byte payload) always works.
import type { Message } from "../message.ts";
import type { RetainedStore } from "./retained-store.ts";

export function retainedQuotaExceeded(store: RetainedStore, message: Message, maxRetainedMessages: number): boolean {
  return message.retain && message.payload.length > 0 && store.size >= maxRetainedMessages;
}
