/** The approvals `verify` writes for the pipeline (merge commit → pull request, approvers), validated when read back. */
import { readFile } from 'node:fs/promises';
import { Type, type Static } from '@sinclair/typebox';
import type { Problem } from '../problems.ts';
import { error } from '../problems.ts';
import { validateRecord } from '../schemas/index.ts';

export const ApprovalsFile = Type.Record(
  Type.String({ pattern: '^[0-9a-f]{40}$', description: 'A merge commit on main.' }),
  Type.Object(
    {
      pullRequest: Type.Integer({ minimum: 1, description: 'The pull request it merged.' }),
      approvedBy: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { description: 'Names of the board members whose approval counted.' }),
    },
    { additionalProperties: false, description: 'Who let the merge in.' },
  ),
  { description: 'Approvals read from GitHub by `verify`, by merge commit.' },
);
export type ApprovalsFile = Static<typeof ApprovalsFile>;

export async function readApprovalsFile(file: string): Promise<{ ok: true; value: ApprovalsFile } | { ok: false; problems: Problem[] }> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    return { ok: false, problems: [error('verify/bad-approvals', file, `cannot be read as JSON: ${(e as Error).message}`, { hint: 'pass the file `verify --approvals-out` wrote' })] };
  }
  return validateRecord(ApprovalsFile, data, { file });
}
