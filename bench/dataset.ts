/**
 * Benchmark: `commonplace-coop dataset` (check, then the dataset stage) on a
 * synthetic co-op of 10,000 works (~50 MB, 200 contributors) in a real git
 * repository, run as a user runs it: the command line in a fresh process.
 * Prints the full build (nothing cached: a fresh clone, a CI run) with its
 * throughput, a rebuild after one work changes, a rebuild with nothing
 * changed, and each run's peak memory. In-process stage timings are printed
 * beside (the rest is starting Node and loading the pipeline).
 *
 *   npm run bench:dataset [-- --works N --contributors N --bytes N]
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { syntheticCoop } from './synthetic-coop.ts';

const BIN = fileURLToPath(new URL('../pipeline/cli/bin.js', import.meta.url));

const { values } = parseArgs({ options: { works: { type: 'string', default: '10000' }, contributors: { type: 'string', default: '200' }, bytes: { type: 'string', default: '5000' } } });
const works = Number(values.works);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
}

/** Run `commonplace-coop dataset --root root` in a fresh process; its wall time, written count and peak memory. */
function checkAndBuild(root: string): Promise<{ seconds: number; maxRssMB: number }> {
  const started = performance.now();
  // /usr/bin/time is not everywhere: the child reports its own peak memory on exit.
  const child = spawn(
    process.execPath,
    ['--import', `data:text/javascript,process.on('exit',()=>process.stderr.write('MAXRSS '+process.resourceUsage().maxRSS+'\\n'))`, BIN, 'dataset', '--root', root],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`commonplace-coop dataset exited with ${code}:\n${out}${err}`));
      resolve({ seconds, maxRssMB: Number(/MAXRSS (\d+)/.exec(err)?.[1] ?? 0) / 1024 });
    });
  });
}

console.log(`generating ${works} works by ${values.contributors} contributors...`);
const [{ root, git, bytes }, genSeconds] = await timed(() => syntheticCoop({ works, contributors: Number(values.contributors), bytesPerWork: Number(values.bytes) }));
const mb = bytes / 1e6;
console.log(`generated ${mb.toFixed(1)} MB in ${genSeconds.toFixed(1)} s at ${root}`);

const full = await checkAndBuild(root);
const fullSeconds = full.seconds;
console.log(`full check + dataset: ${fullSeconds.toFixed(2)} s, ${(mb / fullSeconds).toFixed(1)} MB/s, peak memory ${full.maxRssMB.toFixed(0)} MB`);

const one = path.join(root, 'corpus/writer-7/work-7.md');
await writeFile(one, `${await readFile(one, 'utf8')}one more line\n`);
await git.commitAll('Change one work');
const incr = await checkAndBuild(root);
console.log(`rebuild after one change: ${incr.seconds.toFixed(2)} s (${((incr.seconds / fullSeconds) * 100).toFixed(1)}% of full), peak memory ${incr.maxRssMB.toFixed(0)} MB`);

const same = await checkAndBuild(root);
console.log(`rebuild with nothing changed: ${same.seconds.toFixed(2)} s`);
