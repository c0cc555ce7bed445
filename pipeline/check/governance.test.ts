import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileDigest } from '../records/digest.ts';
import { codeownersFor } from '../board/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { checkCoop } from './index.ts';
import { tally } from '../board/index.ts';

const problemCodes = async (root: string) => (await checkCoop(root)).problems.map((p) => [p.file, p.code]);
const votes = (f: string[], a: string[] = [], ab: string[] = []) => ({ for: f, against: a, abstain: ab });

describe('governance rules', () => {
  it('pass for the builder co-op: a policy adopted by an accepted decision', async () => {
    expect(await problemCodes(await coop().write())).toEqual([]);
  });

  it('count quorum over the serving board and the threshold over for and against', () => {
    const rules = { quorum: 0.66, passThreshold: 0.5 };
    const d = (v: ReturnType<typeof votes>) => ({ title: 't', status: 'accepted' as const, date: '2026-01-01', votes: v, affects: [] });
    expect(tally(d(votes(['a', 'b'])), 3, rules)).toMatchObject({ quorumNeeded: 2, quorumMet: true, passes: true });
    expect(tally(d(votes(['a'])), 3, rules)).toMatchObject({ quorumMet: false, passes: false });
    expect(tally(d(votes(['a'], ['b'])), 3, rules)).toMatchObject({ quorumMet: true, passes: false });
    expect(tally(d(votes(['a'], [], ['b', 'c'])), 3, rules)).toMatchObject({ passes: true });
    expect(tally(d(votes([], [], ['a', 'b', 'c'])), 3, rules)).toMatchObject({ quorumMet: true, passes: false });
    expect(tally(d(votes(['a', 'b'], ['c'])), 3, { quorum: 0.5, passThreshold: 0.75 })).toMatchObject({ passes: false });
  });

  it('refuse an accepted decision with a vote from someone not on the board', async () => {
    const root = await coop()
      .decision('0002-thing', { votes: votes(['bea', 'cai', 'zed']) })
      .write();
    const { problems } = await checkCoop(root);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'governance/decisions/0002-thing.md',
        code: 'decision/voter-not-on-board',
        pointer: '/votes/for/2',
        message: 'zed voted but was not serving on the board on 2026-01-15',
      }),
    ]);
  });

  it('refuse a vote cast before the member’s term began', async () => {
    const b = coop();
    b.board.members[2]!.terms = [{ from: '2026-03-01', roles: ['steward'] }];
    const root = await b.decision('0002-early', { date: '2026-02-01', votes: votes(['bea', 'cai', 'dee']) }).write();
    expect(await problemCodes(root)).toContainEqual(['governance/decisions/0002-early.md', 'decision/voter-not-on-board']);
  });

  it('refuse an accepted decision without quorum, and one that did not pass', async () => {
    const root = await coop()
      .decision('0002-few', { votes: votes(['bea']) })
      .decision('0003-lost', { votes: votes(['bea'], ['cai', 'dee']) })
      .write();
    expect(await problemCodes(root)).toEqual([
      ['governance/decisions/0002-few.md', 'decision/no-quorum'],
      ['governance/decisions/0003-lost.md', 'decision/not-passed'],
    ]);
  });

  it('refuse a rejected decision whose votes pass', async () => {
    const root = await coop()
      .decision('0002-odd', { status: 'rejected', votes: votes(['bea', 'cai'], ['dee']) })
      .write();
    expect(await problemCodes(root)).toEqual([['governance/decisions/0002-odd.md', 'decision/passed-but-rejected']]);
  });

  it('refuse a member voting twice', async () => {
    const root = await coop()
      .decision('0002-twice', { votes: votes(['bea', 'cai'], ['bea']) })
      .write();
    expect(await problemCodes(root)).toContainEqual(['governance/decisions/0002-twice.md', 'decision/double-vote']);
  });

  it('accept an approved use case naming an accepted decision that affects it', async () => {
    const root = await coop()
      .decision('0002-demo', { affects: ['use-case:demo'] })
      .useCase('demo', { publicDemo: true })
      .write();
    expect(await problemCodes(root)).toEqual([]);
  });

  it('refuse an approved use case whose decision is missing, rejected or about something else', async () => {
    const missing = await coop().useCase('demo').write();
    expect(await problemCodes(missing)).toEqual([['governance/use-cases/demo.yaml', 'ref/unknown-decision']]);
    const rejected = await coop()
      .decision('0002-no', { status: 'rejected', votes: votes([], ['bea', 'cai']), affects: ['use-case:demo'] })
      .useCase('demo')
      .write();
    expect(await problemCodes(rejected)).toEqual([['governance/use-cases/demo.yaml', 'ref/decision-not-accepted']]);
    const other = await coop()
      .decision('0002-other', { affects: ['policy'] })
      .useCase('demo')
      .write();
    expect(await problemCodes(other)).toEqual([['governance/use-cases/demo.yaml', 'ref/decision-does-not-affect']]);
  });

  it('refuse a public demo on a use case that is not approved', async () => {
    const root = await coop()
      .decision('0002-no', { status: 'rejected', votes: votes([], ['bea', 'cai']), affects: ['use-case:demo'] })
      .useCase('demo', { status: 'rejected', publicDemo: true })
      .write();
    expect(await problemCodes(root)).toEqual([['governance/use-cases/demo.yaml', 'use-case/demo-not-approved']]);
  });

  it('refuse a policy adopted by a decision that is only proposed', async () => {
    const root = await coop()
      .decision('0002-new-policy', { status: 'proposed', votes: votes([]), affects: ['policy'] })
      .withPolicy({ adoptedBy: '0002' })
      .write();
    expect(await problemCodes(root)).toContainEqual(['governance/policy.yaml', 'ref/decision-not-accepted']);
  });

  it('refuse a policy edited without a decision that adopts it, and accept it once an accepted decision does', async () => {
    const root = await coop().write();
    const file = path.join(root, 'governance/policy.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('minValidationWorks: 2', 'minValidationWorks: 3'));
    const { problems } = await checkCoop(root);
    const digest = fileDigest(await readFile(file, 'utf8'));
    expect(problems).toEqual([expect.objectContaining({ file: 'governance/policy.yaml', code: 'governance/not-adopted', hint: expect.stringContaining(`sha256: ${digest}`) })]);
    await writeFile(
      path.join(root, 'governance/decisions/0002-raise-approvals.md'),
      `---\ntitle: Two approvals per donation\nstatus: accepted\ndate: 2026-02-01\nvotes: { for: [bea, cai, dee], against: [], abstain: [] }\naffects: [policy]\nadopts:\n  - file: governance/policy.yaml\n    sha256: ${digest}\n---\n\nAgreed.\n`,
    );
    expect(await problemCodes(root)).toEqual([['governance/policy.yaml', 'policy/adopted-by-mismatch']]);
  });

  it('refuse a change to the board, the charter or an agreement text that no decision adopted', async () => {
    const root = await coop().write();
    for (const rel of ['governance/board.yaml', 'governance/charter.md', 'governance/agreement-texts/1.0.md']) {
      await writeFile(path.join(root, rel), `${await readFile(path.join(root, rel), 'utf8')}\n# edited\n`);
    }
    expect((await problemCodes(root)).sort()).toEqual([
      ['governance/agreement-texts/1.0.md', 'governance/not-adopted'],
      ['governance/board.yaml', 'governance/not-adopted'],
      ['governance/charter.md', 'governance/not-adopted'],
    ]);
  });

  it('require superseded decisions to be superseded by an accepted one, and the reverse', async () => {
    const root = await coop()
      .decision('0002-old', { affects: ['other'] })
      .decision('0003-new', { supersedes: ['0002'], affects: ['other'] })
      .write();
    expect(await problemCodes(root)).toEqual([['governance/decisions/0002-old.md', 'decision/supersede-not-marked']]);
    const orphan = await coop()
      .decision('0002-old', { status: 'superseded', affects: ['other'] })
      .write();
    expect(await problemCodes(orphan)).toEqual([['governance/decisions/0002-old.md', 'decision/superseded-by-nothing']]);
    const unknown = await coop()
      .decision('0002-new', { supersedes: ['0042'], affects: ['other'] })
      .write();
    expect(await problemCodes(unknown)).toEqual([['governance/decisions/0002-new.md', 'ref/unknown-decision']]);
  });

  it('refuse a training profile whose heads do not divide the width', async () => {
    const root = await coop()
      .withPolicy({ training: { profiles: { cpu: { heads: 5 } } } })
      .write();
    const { problems } = await checkCoop(root);
    expect(problems).toEqual([expect.objectContaining({ code: 'policy/heads', pointer: '/training/profiles/cpu/heads' })]);
    expect(problems[0]?.line).toBeGreaterThan(1);
  });

  it('refuse micro-batches that do not divide the batch, in a profile or a fine-tune, naming the line', async () => {
    const root = await coop()
      .withPolicy({ training: { profiles: { cpu: { batch: 16, microBatches: 3 } } } })
      .write();
    const { problems } = await checkCoop(root);
    expect(problems).toEqual([expect.objectContaining({ code: 'policy/micro-batches', pointer: '/training/profiles/cpu/microBatches' })]);
    expect(problems[0]?.line).toBeGreaterThan(1);
    expect(problems[0]?.message).toContain('microBatches (3) must divide batch (16)');
  });

  it('refuse two decisions with the same number', async () => {
    const root = await coop()
      .decision('0002-a', { affects: ['other'] })
      .decision('0002-b', { affects: ['other'] })
      .write();
    expect(await problemCodes(root)).toEqual([['governance/decisions/0002-b.md', 'decision/duplicate-id']]);
  });

  it('refuse a policy where a donation needs more approvals than a change to the policy itself', async () => {
    const root = await coop()
      .withPolicy({ review: { approvalsToMerge: 3, approvals: { policy: 2, board: 3, 'agreement-text': 3, code: 3 } } })
      .write();
    expect(await problemCodes(root)).toEqual([['governance/policy.yaml', 'policy/approvals-order']]);
  });

  it('refuse a .github/CODEOWNERS that no longer names the serving board, and accept the one codeowners writes', async () => {
    const b = coop();
    b.board.members[2]!.terms = [{ from: '2026-01-01', to: '2026-03-31', roles: ['steward'] }];
    const root = await b.file('.github/CODEOWNERS', '/governance/ @bea @cai @dee\n').write();
    expect(await problemCodes(root)).toEqual([['.github/CODEOWNERS', 'github/codeowners-stale']]);
    await writeFile(path.join(root, '.github/CODEOWNERS'), codeownersFor(b.board, new Date().toISOString().slice(0, 10)));
    expect(await problemCodes(root)).toEqual([]);
    expect(await readFile(path.join(root, '.github/CODEOWNERS'), 'utf8')).toContain('/governance/ @bea @cai\n');
  });
});
