/**
 * The gate's report, in plain words for writers and the board: what the pull
 * request adds, changes and withdraws, each problem with where it is and how
 * to fix it, and the quorum. Pure. It never quotes contributed text: works are
 * described by their records (a title only when its writer allows display).
 */
import { displayable, publicIdentity, scopesInWords } from '../consent/index.ts';
import type { Problem } from '../problems.ts';
import { KIND_WORDS, type QuorumVerdict } from '../quorum/index.ts';
import { isWork } from '../records/layout.ts';
import type { Coop } from '../records/types.ts';
import type { ChangeKind } from '../schemas/index.ts';

export const REPORT_MARKER = '<!-- commonplace:report v1 -->';

/** Text safe to put in GitHub Markdown: no markup, no mentions, no links, one line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]<>#|~&@]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A problem's message without quoted values from a contributed file (they may be its text). */
export function safeMessage(p: Problem): string {
  if (!isWork(p.file)) return p.message;
  return p.message.replace(/"([^"]*)"/g, (whole, inner: string) => (/^[a-z0-9-]{1,40}$/.test(inner) ? whole : '"…"'));
}

export interface WorkLine {
  file: string;
  handle: string;
  change: 'added' | 'changed' | 'withdrawn';
}

export interface ReportInputs {
  pull: number;
  kinds: readonly ChangeKind[];
  /** The co-op after the merge (for the works added or changed) and before it (for withdrawn ones). */
  after: Coop;
  works: readonly WorkLine[];
  problems: readonly Problem[];
  quorum: QuorumVerdict;
  headSha: string;
}

/** The heading: how many problems, and where the quorum stands. */
function headline(errors: number, q: QuorumVerdict): string {
  return `### Commonplace: ${errors === 0 ? 'the records pass' : `${errors} problem${errors === 1 ? '' : 's'} to fix`} · quorum ${q.approvedBy.length} of ${q.needed}${q.met ? ' (met)' : ''}`;
}

/** One row per work the pull request touches, by its record: a title only when its writer allows display. */
function workTable(r: ReportInputs): string[] {
  if (r.works.length === 0) return [];
  const lines = ['', '| Work | Writer | Change | Form | Words | What the co-op may do |', '| --- | --- | --- | --- | ---: | --- |'];
  for (const w of r.works) {
    const rec = r.after.works.find((x) => x.file === w.file);
    const who = publicIdentity(w.handle, r.after.agreements.get(w.handle)?.value).name;
    if (!rec) {
      lines.push(`| (withdrawn) | ${escapeMarkdown(who)} | ${w.change} | | | |`);
      continue;
    }
    const title = displayable(rec.value.scopes) ? `“${escapeMarkdown(rec.value.title)}”` : '(title not shown, as the writer asked)';
    lines.push(`| ${title} | ${escapeMarkdown(who)} | ${w.change} | ${rec.value.form} | ${rec.stats.words} | ${scopesInWords(rec.value.scopes)} |`);
  }
  return lines;
}

/** The errors, each with where it is and how to fix it. */
function fixLines(errors: readonly Problem[]): string[] {
  if (errors.length === 0) return [];
  return [
    '',
    '#### To fix',
    ...errors.map((p) => `- \`${escapeMarkdown(p.file)}\`${p.line ? ` line ${p.line}` : ''}: ${escapeMarkdown(safeMessage(p))}${p.hint ? `  \n  **How to fix:** ${escapeMarkdown(p.hint)}` : ''}`),
  ];
}

/** Warnings and notes, one line each. */
function noteLines(notes: readonly Problem[]): string[] {
  if (notes.length === 0) return [];
  return ['', '#### Notes', ...notes.map((p) => `- \`${escapeMarkdown(p.file)}\`: ${escapeMarkdown(safeMessage(p))}`)];
}

/** Who approved, who still could, and whose review did not count. */
function quorumLines(q: QuorumVerdict): string[] {
  const lines = ['', `#### Quorum: ${q.approvedBy.length} of ${q.needed} board approvals (${q.strictest} changes need ${q.needed})`, `- Approved by: ${q.approvedBy.join(', ') || 'nobody yet'}`];
  if (!q.met) lines.push(`- Still needed: ${q.needed - q.approvedBy.length} more, from any of: ${q.couldApprove.join(', ') || 'nobody (the board is too small for this change)'}`);
  for (const n of q.notCounted) lines.push(`- Not counted: ${escapeMarkdown(n.login)}: ${escapeMarkdown(n.why)}`);
  return lines;
}

/** The check status's one line: what changed, or the first files with problems. */
function checkDescription(kinds: readonly ChangeKind[], errors: readonly Problem[]): string {
  if (errors.length === 0) return `records pass: ${kinds.join(', ') || 'no record changes'}`;
  return `${errors.length} problem${errors.length === 1 ? '' : 's'} to fix: ${errors
    .map((e) => e.file)
    .slice(0, 3)
    .join(', ')}`;
}

/** The quorum status's one line. */
function quorumDescription(q: QuorumVerdict): string {
  return q.met ? `met: ${q.approvedBy.length} of ${q.needed} (${q.approvedBy.join(', ')})` : `${q.approvedBy.length} of ${q.needed} board approvals for a ${q.strictest} change`;
}

/** The report on a pull request, as the sticky comment's Markdown and the two statuses' descriptions. */
export function gateReport(r: ReportInputs): { markdown: string; checkDescription: string; quorumDescription: string; errors: number } {
  const errors = r.problems.filter((p) => p.severity === 'error');
  const notes = r.problems.filter((p) => p.severity !== 'error');
  const lines = [
    headline(errors.length, r.quorum),
    '',
    `This pull request is ${r.kinds.map((k) => KIND_WORDS[k]).join(', ') || 'no change to the co-op’s records'}. Checked at commit \`${r.headSha.slice(0, 12)}\`.`,
    ...workTable(r),
    ...fixLines(errors),
    ...noteLines(notes),
    ...quorumLines(r.quorum),
    '',
    '<sub>Commonplace re-counts this when the pull request changes, when a review is submitted or dismissed, and on a schedule.</sub>',
  ];
  return {
    markdown: lines.join('\n'),
    errors: errors.length,
    checkDescription: checkDescription(r.kinds, errors),
    quorumDescription: quorumDescription(r.quorum),
  };
}
