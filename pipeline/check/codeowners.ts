/** `.github/CODEOWNERS`, where a co-op keeps one, must name the board serving today. Pure. */
import { CODEOWNERS_FILE, codeownersFor } from '../board/index.ts';
import { error, type Problem } from '../problems.ts';
import { commandLine } from '../project.ts';
import type { Coop } from '../records/types.ts';

export function checkCodeowners(coop: Coop, today: string): Problem[] {
  if (coop.codeowners === undefined || !coop.board) return [];
  if (coop.codeowners === codeownersFor(coop.board.value, today)) return [];
  return [
    error('github/codeowners-stale', CODEOWNERS_FILE, `does not name the board serving on ${today} (governance/board.yaml)`, { hint: `run \`${commandLine('codeowners')}\` and commit the result` }),
  ];
}
