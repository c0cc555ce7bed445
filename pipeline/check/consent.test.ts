import { describe, expect, it } from 'vitest';
import { coop } from '../testing/coop-builder.ts';
import { checkCoop } from './index.ts';

const codes = async (root: string) => (await checkCoop(root)).problems.map((p) => [p.file, p.code, p.severity]);

describe('consent rules', () => {
  it('pass for a writer whose works stay within their agreement', async () => {
    const root = await coop().member('ana', { scopes: ['train-shared', 'display-excerpts'] }).work('ana', 'river', { scopes: ['train-shared'] }).write();
    const result = await checkCoop(root);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('refuse a work with no agreement for its contributor', async () => {
    const root = await coop().work('ana', 'river').write();
    expect(await codes(root)).toEqual([['corpus/ana/river.md', 'consent/no-agreement', 'error']]);
  });

  it('refuse a work that asks for a scope the agreement does not grant, pointing at the scope', async () => {
    const root = await coop().member('ana', { scopes: ['train-shared'] }).work('ana', 'river', { scopes: ['train-shared', 'display-full'] }).write();
    const { problems } = await checkCoop(root);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'corpus/ana/river.md',
        code: 'consent/scope-not-granted',
        pointer: '/scopes/1',
        line: 8,
        message: 'scope "display-full" (show the full text on the public site) is not granted in governance/agreements/ana.yaml',
      }),
    ]);
  });

  it('refuse a work whose contributor differs from its folder', async () => {
    const root = await coop().member('ana').member('bo').work('ana', 'river', { contributor: 'bo' }).write();
    expect(await codes(root)).toEqual([['corpus/ana/river.md', 'work/contributor-mismatch', 'error']]);
  });

  it('refuse an agreement whose handle differs from its file name', async () => {
    const root = await coop().member('ana', { handle: 'anna' }).write();
    expect(await codes(root)).toEqual([['governance/agreements/ana.yaml', 'agreement/handle-mismatch', 'error']]);
  });

  it('refuse an agreement naming an agreement text that does not exist', async () => {
    const root = await coop().member('ana', { agreementVersion: '9.9' }).write();
    const { problems } = await checkCoop(root);
    expect(problems).toEqual([expect.objectContaining({ code: 'agreement/unknown-text', hint: expect.stringContaining('(1.0)') })]);
  });

  it('require a name unless the writer is anonymous, and no name when they are', async () => {
    const missing = await coop().member('ana', { publicName: { display: 'pen-name', name: undefined } }).write();
    expect(await codes(missing)).toEqual([['governance/agreements/ana.yaml', 'agreement/missing-name', 'error']]);
    const anonymous = await coop().member('ana', { publicName: { display: 'anonymous', name: 'Ana' } }).write();
    expect(await codes(anonymous)).toEqual([['governance/agreements/ana.yaml', 'agreement/anonymous-with-name', 'error']]);
  });

  it('report withdrawals as notices of what the next dataset leaves out, not as errors', async () => {
    const root = await coop()
      .member('ana', { withdrawn: '2026-05-01' })
      .work('ana', 'one')
      .work('ana', 'two')
      .member('bo')
      .work('bo', 'kept')
      .work('bo', 'gone', { withdrawn: '2026-06-01' })
      .write();
    const result = await checkCoop(root);
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => [p.file, p.code, p.severity, p.message])).toEqual([
      ['corpus/bo/gone.md', 'withdrawal/work', 'notice', 'withdrawn on 2026-06-01: the next dataset leaves this work out'],
      ['governance/agreements/ana.yaml', 'withdrawal/agreement', 'notice', 'ana withdrew on 2026-05-01: the next dataset leaves out all 2 of their works'],
    ]);
  });

  it('refuse a withdrawal dated before the signature', async () => {
    const root = await coop().member('ana', { signed: '2026-05-01', withdrawn: '2026-04-01' }).write();
    expect((await codes(root)).map(([, code]) => code).sort()).toEqual(['agreement/withdrawn-before-signed', 'withdrawal/agreement']);
  });
});
