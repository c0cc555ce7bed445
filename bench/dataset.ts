/**
 * Benchmark: `check` + `dataset` on a synthetic co-op of 10,000 works (~50 MB,
 * 200 contributors) in a real git repository. Prints the full build time and
 * throughput, the time of a rebuild after one work changes, and peak memory.
 *
 *   npm run bench:dataset [-- --works N --contributors N --bytes N]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkCoop } from '../pipeline/check/index.ts';
import { runDatasetStage } from '../pipeline/dataset/index.ts';
import { syntheticCoop } from './synthetic-coop.ts';

const { values } = parseArgs({ options: { works: { type: 'string', default: '10000' }, contributors: { type: 'string', default: '200' }, bytes: { type: 'string', default: '5000' } } });
const works = Number(values.works);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
}

async function checkAndBuild(root: string) {
  const check = await checkCoop(root);
  if (!check.ok) throw new Error(`check failed: ${JSON.stringify(check.problems.slice(0, 3))}`);
  const result = await runDatasetStage(root, { check });
  if (!result.ok) throw new Error('dataset failed');
  return result;
}

console.log(`generating ${works} works by ${values.contributors} contributors...`);
const [{ root, git, bytes }, genSeconds] = await timed(() => syntheticCoop({ works, contributors: Number(values.contributors), bytesPerWork: Number(values.bytes) }));
const mb = bytes / 1e6;
console.log(`generated ${mb.toFixed(1)} MB in ${genSeconds.toFixed(1)} s at ${root}`);

const [full, fullSeconds] = await timed(() => checkAndBuild(root));
console.log(`full check + dataset: ${fullSeconds.toFixed(2)} s, ${(mb / fullSeconds).toFixed(1)} MB/s, ${full.datasets.length} datasets written`);

const one = path.join(root, 'corpus/writer-7/work-7.md');
await writeFile(one, `${await readFile(one, 'utf8')}one more line\n`);
await git.commitAll('Change one work');
const [incr, incrSeconds] = await timed(() => checkAndBuild(root));
console.log(`rebuild after one change: ${incrSeconds.toFixed(2)} s (${((incrSeconds / fullSeconds) * 100).toFixed(1)}% of full), ${incr.written.length} datasets written`);

const [, sameSeconds] = await timed(() => checkAndBuild(root));
console.log(`rebuild with nothing changed: ${sameSeconds.toFixed(2)} s`);
console.log(`peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
