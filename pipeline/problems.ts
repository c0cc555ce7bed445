/**
 * Problems in a co-op's files are values, not exceptions: each says which file,
 * where in it, what is wrong and how to fix it. The CLI turns them into one report.
 */

/** How serious a problem is: errors block the pipeline; notices are reported and let it go on. */
export type Severity = 'error' | 'notice';

export interface Problem {
  /** Path relative to the co-op root, with forward slashes (e.g. corpus/ana/river.md). */
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** JSON pointer into the record (e.g. /scopes/1), when the problem is about one field. */
  pointer?: string;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  hint?: string;
  severity: Severity;
  /** Stable machine-readable code (e.g. consent/scope-not-granted). */
  code: string;
}

/** A result that is either a value or the problems that stopped it. */
export type Result<T> = { ok: true; value: T; problems: Problem[] } | { ok: false; problems: Problem[] };

/** Build an error problem. */
export function error(code: string, file: string, message: string, extra: Partial<Problem> = {}): Problem {
  return { file, message, code, severity: 'error', ...extra };
}

/** Build a notice: worth reporting, not a failure (e.g. a withdrawal the next dataset will honour). */
export function notice(code: string, file: string, message: string, extra: Partial<Problem> = {}): Problem {
  return { file, message, code, severity: 'notice', ...extra };
}

/** True when any problem is an error. */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Problems in a stable order: by file, then line, then message. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.pointer ?? '').localeCompare(b.pointer ?? '') || a.message.localeCompare(b.message));
}
