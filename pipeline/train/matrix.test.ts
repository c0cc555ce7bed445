/**
 * Training as pipeline.yml's matrix does: the shared model's job first, then one job per
 * member, each in a checkout of its own that hands its model on, then a job that gathers
 * them. It must come to the very records one run makes, and the gathering trains nothing.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runStages, tinyCoop } from '../testing/run-stages.ts';

const clone = async (from: string, parent: string, name: string) => {
  const to = path.join(parent, name);
  await promisify(execFile)('git', ['clone', '-q', from, to]);
  return to;
};

/** When and how fast a job ran: the only fields of a card that depend on the clock. */
const CLOCK = new Set(['started', 'finished', 'trainingSeconds', 'tokensPerSecond']);
const timeless = (text: string) => JSON.parse(text, (key, value) => (CLOCK.has(key) ? undefined : value));

const records = async (root: string) => {
  const dir = path.join(root, 'registry/models');
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, timeless(await readFile(path.join(dir, n), 'utf8'))] as const)));
};

describe('training as a matrix of jobs', () => {
  it('comes to the very cards and weights one run makes: shared first, one job per member, gathered without training', async () => {
    const { root } = await tinyCoop((b) => b.member('cy').work('cy', 'kiln', { body: 'The kiln cooled all night\nand in the morning the bowls rang.\n' }));
    const parent = await mkdtemp(path.join(tmpdir(), 'matrix-'));
    const single = await runStages(await clone(root, parent, 'single'));
    expect(single.train.ok).toBe(true);
    const members = single.train.cards.filter((c) => c.kind === 'allotment').map((c) => c.member!);
    expect(members.sort()).toEqual(['ana', 'cy']);

    const shared = path.join(parent, 'out-shared');
    const first = await runStages(await clone(root, parent, 'job-shared'), { only: 'shared', out: shared });
    expect(first.train.trained).toHaveLength(1);
    const made = path.join(parent, 'made');
    await cp(shared, made, { recursive: true });
    for (const member of members) {
      const lines: string[] = [];
      const job = await runStages(await clone(root, parent, `job-${member}`), { only: member, modelsFrom: shared, out: path.join(parent, `out-${member}`), log: (l) => lines.push(l) });
      expect(job.train.ok, JSON.stringify(job.train.problems)).toBe(true);
      // The shared model is taken in from its job, not trained again; the other member's is left to theirs.
      expect(lines.some((l) => l.includes('(shared): taken in from'))).toBe(true);
      expect(lines.some((l) => l.endsWith(`left to its own job (--only ${member})`))).toBe(true);
      await cp(path.join(parent, `out-${member}`), made, { recursive: true });
    }

    const lines: string[] = [];
    const gathered = path.join(parent, 'gather');
    const last = await runStages(await clone(root, parent, 'gather'), { only: 'none', modelsFrom: made, log: (l) => lines.push(l) });
    expect(last.train.ok, JSON.stringify(last.train.problems)).toBe(true);
    expect(last.train.backend).toBeUndefined();
    expect(lines.filter((l) => l.includes('taken in from'))).toHaveLength(3);
    expect(await records(gathered)).toEqual(await records(path.join(parent, 'single')));
    for (const card of last.train.cards) {
      for (const f of card.weights.files) expect(await readFile(path.join(gathered, f.path)), f.path).toEqual(await readFile(path.join(parent, 'single', f.path)));
    }
    await rm(parent, { recursive: true, force: true });
  }, 120_000);

  it('stops a gathering that lacks a model, or holds one whose file is not its card’s, naming it, and writes nothing', async () => {
    const { root } = await tinyCoop();
    const parent = await mkdtemp(path.join(tmpdir(), 'matrix-'));
    const shared = path.join(parent, 'out-shared');
    await runStages(await clone(root, parent, 'job-shared'), { only: 'shared', out: shared });
    const gather = await clone(root, parent, 'gather');
    const lacking = await runStages(gather, { only: 'none', modelsFrom: shared });
    expect(lacking.train.ok).toBe(false);
    expect(lacking.train.problems).toEqual([expect.objectContaining({ code: 'train/not-gathered', message: expect.stringMatching(/\(ana\): no job of the matrix made it/) })]);
    await expect(readdir(path.join(gather, 'registry/models'))).rejects.toThrow();

    // What the job handed on, as its listing names it.
    const { models } = JSON.parse(await readFile(path.join(shared, 'handed-on-shared.json'), 'utf8')) as { models: string[] };
    expect(models).toHaveLength(1);
    const version = models[0];
    const weights = (await readdir(path.join(shared, version!))).find((n) => n !== 'card.json' && n.endsWith('.bin'))!;
    await writeFile(path.join(shared, version!, weights), 'not the weights');
    const altered = await runStages(gather, { only: 'none', modelsFrom: shared });
    expect(altered.train.problems).toEqual([
      expect.objectContaining({ code: 'train/gathered-model', file: path.join(shared, version!, 'card.json'), message: expect.stringContaining('is not the published file') }),
    ]);
    await expect(readdir(path.join(gather, 'registry/models'))).rejects.toThrow();
    await rm(parent, { recursive: true, force: true });
  }, 120_000);
});
