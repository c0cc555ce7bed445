/** Turn problems into the report people read, or the JSON machines read. */
import type { Problem } from '../problems.ts';
import type { Coop } from '../records/types.ts';

/** What was checked, for the summary line. */
export function coopCounts(coop: Coop): Record<string, number> {
  return {
    works: coop.works.length,
    agreements: coop.agreements.size,
    decisions: coop.decisions.size,
    useCases: coop.useCases.size,
  };
}

/** A report grouped by file: line, severity, what is wrong, and how to fix it. */
export function formatReport(problems: readonly Problem[], coop: Coop): string {
  const out: string[] = [];
  let file: string | undefined;
  for (const p of problems) {
    if (p.file !== file) {
      if (file !== undefined) out.push('');
      out.push(p.file);
      file = p.file;
    }
    const where = p.line !== undefined ? `line ${p.line}` : p.pointer ? p.pointer : '';
    out.push(`  ${where ? `${where}: ` : ''}${p.severity === 'error' ? 'error' : 'note'}: ${p.message}`);
    if (p.hint) out.push(`    fix: ${p.hint}`);
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const notices = problems.length - errors;
  const c = coopCounts(coop);
  if (out.length > 0) out.push('');
  out.push(
    `${errors === 0 ? 'ok' : 'failed'}: ${plural(errors, 'error')}, ${plural(notices, 'notice')} ` +
      `(checked ${plural(c.works!, 'work')}, ${plural(c.agreements!, 'agreement')}, ${plural(c.decisions!, 'decision')}, ${plural(c.useCases!, 'use case')})`,
  );
  return out.join('\n');
}

/** The same report as JSON, for tools and CI annotations. */
export function reportJson(problems: readonly Problem[], coop: Coop): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return JSON.stringify({ ok: errors === 0, errors, notices: problems.length - errors, checked: coopCounts(coop), problems }, null, 2);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
