import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCoop } from '../check/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { addAdoptions } from './adopt.ts';
import { adoptInDecision } from './apply.ts';

describe('adopting governance files in a decision', () => {
  it('records the new policy in the decision that changes it, and check accepts it', async () => {
    const root = await coop().decision('0002-two-approvals', { title: 'Two approvals', affects: [] }).write();
    const policyFile = path.join(root, 'governance/policy.yaml');
    const policy = (await readFile(policyFile, 'utf8')).replace('minValidationWorks: 2', 'minValidationWorks: 3').replace('adoptedBy: "0001"', 'adoptedBy: "0002"');
    await writeFile(policyFile, policy);
    expect((await checkCoop(root)).problems.map((p) => p.code)).toContain('governance/not-adopted');
    const decisionFile = path.join(root, 'governance/decisions/0002-two-approvals.md');
    const before = await readFile(decisionFile, 'utf8');
    const updated = addAdoptions('governance/decisions/0002-two-approvals.md', before, new Map([['governance/policy.yaml', policy]]));
    if (!updated.ok) throw new Error(JSON.stringify(updated.problems));
    expect(updated.value).toContain('affects: [policy]');
    expect(updated.value.endsWith(before.slice(before.indexOf('\n---\n') + 5))).toBe(true);
    await writeFile(decisionFile, updated.value);
    expect((await checkCoop(root)).problems).toEqual([]);
  });

  it('refuses a file that is not a governed file', () => {
    const r = addAdoptions('governance/decisions/0002-x.md', '---\ntitle: x\n---\n', new Map([['corpus/ana/river.md', 'text']]));
    expect(r).toMatchObject({ ok: false, problems: [expect.objectContaining({ code: 'adopt/not-governed' })] });
  });
});

describe('adoptInDecision: the adopt command on a folder', () => {
  it('adopts every unadopted governance file, after which check passes; again, nothing', async () => {
    const root = await coop().decision('0002-two-approvals', { title: 'Two approvals', affects: [] }).write();
    const policyFile = path.join(root, 'governance/policy.yaml');
    await writeFile(policyFile, (await readFile(policyFile, 'utf8')).replace('minValidationWorks: 2', 'minValidationWorks: 3').replace('adoptedBy: "0001"', 'adoptedBy: "0002"'));
    const done = await adoptInDecision(root, '0002');
    expect(done.ok && done.value.files).toEqual(['governance/policy.yaml']);
    expect((await checkCoop(root)).problems).toEqual([]);
    const again = await adoptInDecision(root, '0002');
    expect(again.ok && again.value.files).toEqual([]);
  });

  it('refuses a path outside the governance records and a decision that does not exist, changing nothing', async () => {
    const root = await coop().decision('0002-two-approvals', { title: 'Two approvals', affects: [] }).write();
    const decisionFile = path.join(root, 'governance/decisions/0002-two-approvals.md');
    const before = await readFile(decisionFile, 'utf8');
    const outside = await adoptInDecision(root, '0002', ['../outside.txt', 'corpus/ana/river.md']);
    expect(outside.ok).toBe(false);
    expect(outside.problems.map((p) => `${p.code} ${p.file}`)).toEqual(['adopt/not-governed ../outside.txt', 'adopt/not-governed corpus/ana/river.md']);
    expect((await adoptInDecision(root, '0009')).problems.map((p) => p.code)).toEqual(['adopt/no-decision']);
    expect(await readFile(decisionFile, 'utf8')).toBe(before);
  });
});
