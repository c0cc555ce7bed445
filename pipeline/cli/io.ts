/** Where a command writes. Tests pass their own; the binary passes the process streams. */
export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** Exit codes every command shares. */
export const EXIT = { ok: 0, problems: 1, usage: 2, internal: 3 } as const;

/** A mistake in how the command was called: printed with usage, exit 2. */
export class UsageError extends Error {}
