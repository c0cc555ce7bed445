/**
 * A synthetic co-op for benchmarks: many contributors, many works, in a real
 * git repository. Text is made of seeded pseudo-random words, so it is the
 * same on every run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { coop } from '../pipeline/testing/coop-builder.ts';
import { GitFixture } from '../pipeline/testing/git-fixture.ts';
import { mulberry32 as rng } from '../pipeline/train/random.ts';

export { rng };

const SYLLABLES = ['ri', 'ver', 'low', 'wa', 'ter', 'bread', 'salt', 'tide', 'moon', 'stone', 'ash', 'bee', 'hum', 'lan', 'tern', 'snow', 'dusk', 'fern', 'gull', 'harb', 'our'];

/** A poem-like body of about `bytes` bytes: lines of words, stanzas of four lines. */
export function syntheticText(bytes: number, random: () => number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const words = Array.from({ length: 4 + Math.floor(random() * 6) }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''));
    const line = words.join(' ');
    lines.push(line, ...(lines.length % 5 === 3 ? [''] : []));
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

export interface SyntheticOptions {
  works: number;
  contributors: number;
  bytesPerWork: number;
  seed?: number;
  /** Every Nth work allows its full text on the site (others allow excerpts). */
  displayFullEvery?: number;
}

/** Write a synthetic co-op to a temporary folder and commit it. Returns its root and git fixture. */
export async function syntheticCoop(opts: SyntheticOptions): Promise<{ root: string; git: GitFixture; bytes: number }> {
  const random = rng(opts.seed ?? 1);
  const builder = coop();
  for (let c = 0; c < opts.contributors; c++) builder.member(`writer-${c}`);
  const root = await builder.write();
  let bytes = 0;
  for (let i = 0; i < opts.works; i++) {
    const handle = `writer-${i % opts.contributors}`;
    // One work in five uses Markdown emphasis, so the parser's slow path is measured too.
    const body = syntheticText(opts.bytesPerWork, random).replace(/^(\S+)/, i % 5 === 0 ? '*$1*' : '$1');
    const display = opts.displayFullEvery && i % opts.displayFullEvery === 0 ? 'display-full' : 'display-excerpts';
    const text = `---\ntitle: "Work ${i}"\ncontributor: ${handle}\nlanguage: en\nform: poem\nscopes: [train-shared, train-own, ${display}]\n---\n\n${body}`;
    const file = path.join(root, 'corpus', handle, `work-${i}.md`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    bytes += Buffer.byteLength(text);
  }
  const git = await GitFixture.init(root);
  await git.commitAll('Synthetic co-op');
  return { root, git, bytes };
}
