// What the broker writes to standard error: connection events when verbose, and always the
// exceptions caught at its edges that were not protocol errors (bugs), marked so that a process
// watching the broker (fuzz runs) can count them.

/** Marks a logged exception that was not a protocol error. */
export const internalErrorMarker = "internal error";

export function logLine(text: string): void {
  process.stderr.write(`[reference-broker] ${text}\n`);
}

export function logInternalError(where: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logLine(`${internalErrorMarker} at ${where}: ${detail}`);
}
