/**
 * `.github/CODEOWNERS` from `governance/board.yaml`: the serving board owns the
 * co-op's governance records and its automation, so GitHub asks them to review
 * every change there. Pure: the board and a date in, the file's text out.
 */
import { servingOn } from './terms.ts';
import type { Board } from '../schemas/index.ts';

export const CODEOWNERS_FILE = '.github/CODEOWNERS';

export function codeownersFor(board: Board, today: string): string {
  const owners = board.members
    .filter((m) => servingOn(m, today))
    .map((m) => `@${m.github ?? m.handle}`)
    .sort();
  const line = owners.join(' ');
  return [
    '# Written by `npx commonplace-coop codeowners` from governance/board.yaml: edit the board, not this file.',
    "# The serving board owns the co-op's records of governance and its automation.",
    ...(owners.length === 0 ? ['# Nobody is serving on the board today.'] : [`/governance/ ${line}`, `/.github/ ${line}`]),
    '',
  ].join('\n');
}
