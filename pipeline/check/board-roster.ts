/** The roster's own rules: each member listed once, no term ending before it starts. */
import { error, type Problem } from '../problems.ts';
import type { Coop } from '../records/types.ts';

export function checkBoardRoster(coop: Coop): Problem[] {
  const record = coop.board;
  if (!record) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  record.value.members.forEach((m, i) => {
    if (seen.has(m.handle))
      problems.push(
        error('board/duplicate-member', record.file, `${m.handle} is listed twice`, {
          pointer: `/members/${i}`,
          line: record.lineOf(`/members/${i}`),
          hint: 'list each member once, with all their terms under "terms"',
        }),
      );
    seen.add(m.handle);
    m.terms.forEach((t, j) => {
      if (t.to === undefined || t.to >= t.from) return;
      problems.push(
        error('board/term-ends-before-start', record.file, `${m.handle}'s term ${j + 1} ends (${t.to}) before it starts (${t.from})`, {
          pointer: `/members/${i}/terms/${j}`,
          line: record.lineOf(`/members/${i}/terms/${j}`),
          hint: 'correct the dates',
        }),
      );
    });
  });
  return problems;
}
