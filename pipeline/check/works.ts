/** Rules about the texts themselves: no empty work, and identical texts noticed. Pure. */
import { error, notice, type Problem } from '../problems.ts';
import type { Coop } from '../records/types.ts';

export function checkWorks(coop: Coop): Problem[] {
  const problems: Problem[] = [];
  const byHash = new Map<string, string[]>();
  for (const work of coop.works) {
    if (work.stats.characters === 0) {
      problems.push(error('work/empty', work.file, 'has no text after its front matter', { line: work.bodyLine, hint: 'put the text of the work below the second "---" line, or remove the file' }));
      continue;
    }
    byHash.set(work.hash, [...(byHash.get(work.hash) ?? []), work.file]);
  }
  for (const files of byHash.values()) {
    if (files.length < 2) continue;
    const [first, ...others] = [...files].sort();
    for (const file of others) {
      problems.push(
        notice('work/same-text', file, `has the same text as ${first} (after normalizing)`, {
          line: 1,
          hint: 'nothing to fix if both are meant to be there: each is its own work in datasets and lookups; remove one if it was donated twice by mistake',
        }),
      );
    }
  }
  return problems;
}
