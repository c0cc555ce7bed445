import { describe, expect, it } from 'vitest';
import { coop } from '../testing/coop-builder.ts';
import { checkCoop } from './index.ts';
import { withdrawFor } from '../testing/withdraw.ts';

const codes = async (root: string) => (await checkCoop(root)).problems.map((p) => [p.file, p.code, p.severity]);

describe('consent rules', () => {
  it('pass for a writer whose works stay within their agreement', async () => {
    const root = await coop()
      .member('ana', { scopes: ['train-shared', 'display-excerpts'] })
      .work('ana', 'river', { scopes: ['train-shared'] })
      .write();
    const result = await checkCoop(root);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('refuse a work with no agreement for its contributor', async () => {
    const root = await coop().work('ana', 'river').write();
    expect(await codes(root)).toEqual([['corpus/ana/river.md', 'consent/no-agreement', 'error']]);
  });

  it('refuse a work that asks for a scope the agreement does not grant, pointing at the scope', async () => {
    const root = await coop()
      .member('ana', { scopes: ['train-shared'] })
      .work('ana', 'river', { scopes: ['train-shared', 'display-full'] })
      .write();
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
    const missing = await coop()
      .member('ana', { publicName: { display: 'pen-name', name: undefined } })
      .write();
    expect(await codes(missing)).toEqual([['governance/agreements/ana.yaml', 'agreement/missing-name', 'error']]);
    const anonymous = await coop()
      .member('ana', { publicName: { display: 'anonymous', name: 'Ana' } })
      .write();
    expect(await codes(anonymous)).toEqual([['governance/agreements/ana.yaml', 'agreement/anonymous-with-name', 'error']]);
  });

  it('report a recorded withdrawal as a notice, and refuse withdrawn text still in corpus/, with the command to run', async () => {
    const root = await coop().member('ana', { withdrawn: '2026-05-01' }).work('ana', 'one').member('bo').work('bo', 'kept').write();
    const result = await checkCoop(root);
    expect(result.problems.map((p) => [p.file, p.code, p.severity])).toEqual([
      ['corpus/ana/one.md', 'withdrawal/text-still-here', 'error'],
      ['governance/agreements/ana.yaml', 'withdrawal/agreement', 'notice'],
    ]);
    expect(result.problems[0]!.hint).toContain('npx commonplace-coop withdraw --handle ana');
    await withdrawFor(root, 'ana');
    const after = await checkCoop(root);
    expect(after.ok).toBe(true);
    expect(after.problems.map((p) => [p.code, p.hint])).toEqual([['withdrawal/agreement', 'no action needed']]);
  });

  it('refuse a work withdrawn the old way (a date in its front matter), naming the command that takes it out', async () => {
    const root = await coop().member('bo').work('bo', 'kept').work('bo', 'gone', { withdrawn: '2026-06-01' }).write();
    const { problems } = await checkCoop(root);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'corpus/bo/gone.md', code: 'withdrawal/old-way', hint: expect.stringContaining('npx commonplace-coop withdraw --handle bo --work gone --date 2026-06-01') }),
    ]);
  });

  it('recognise a withdrawn text by its fingerprint even when it comes back under another name', async () => {
    const b = coop().member('bo').work('bo', 'gone', { body: 'A text the writer took back.\n' });
    const root = await b.write();
    await withdrawFor(root, 'bo', { work: 'gone' });
    const again = await coop().member('bo').work('bo', 'renamed', { body: 'A text the writer took back.\n' }).write(root);
    expect((await codes(again)).filter(([, , s]) => s === 'error')).toEqual([['corpus/bo/renamed.md', 'withdrawal/text-still-here', 'error']]);
  });

  it('refuse a withdrawal dated before the signature', async () => {
    const root = await coop().member('ana', { signed: '2026-05-01', withdrawn: '2026-04-01' }).write();
    expect((await codes(root)).map(([, code]) => code).sort()).toEqual(['agreement/withdrawn-before-signed', 'withdrawal/agreement']);
  });

  it('in a public co-op, refuse a work that does not grant display-full, saying that git publishes it', async () => {
    const root = await coop()
      .visibility('public')
      .member('ana', { scopes: ['train-shared', 'display-excerpts', 'display-full'] })
      .work('ana', 'open', { scopes: ['train-shared', 'display-full'] })
      .work('ana', 'closed', { scopes: ['train-shared', 'display-excerpts'] })
      .write();
    const { problems } = await checkCoop(root);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'corpus/ana/closed.md', code: 'consent/public-needs-display-full', message: expect.stringContaining('git publishes every donated file in full') }),
    ]);
    const privately = await coop()
      .visibility('private')
      .member('ana', { scopes: ['train-shared'] })
      .work('ana', 'closed')
      .write();
    expect(await codes(privately)).toEqual([]);
  });

  it('refuse an empty work, and note two works with the same text without merging them', async () => {
    const root = await coop().member('ana').work('ana', 'blank', { body: '\n\n' }).work('ana', 'one', { body: 'Same words.\n' }).work('ana', 'two', { body: 'Same words.\n' }).write();
    expect(await codes(root)).toEqual([
      ['corpus/ana/blank.md', 'work/empty', 'error'],
      ['corpus/ana/two.md', 'work/same-text', 'notice'],
    ]);
  });
});
