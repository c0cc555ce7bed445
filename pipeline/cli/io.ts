/** Where a command writes. Tests pass their own; the binary passes the process streams. */
export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** Exit codes every command shares. */
export const EXIT = { ok: 0, problems: 1, usage: 2, internal: 3 } as const;

/** A mistake in how the command was called: printed with usage, exit 2. */
export class UsageError extends Error {}

/** Problems as the commands print them: where, what, and on the next line how to fix it. */
export function problemLines(problems: ReadonlyArray<{ file: string; message: string; hint?: string }>): string {
  return problems.map((p) => `${p.file}: ${p.message}${p.hint ? `\n    fix: ${p.hint}` : ''}\n`).join('');
}
