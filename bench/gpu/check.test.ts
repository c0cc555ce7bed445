import { execFile } from 'node:child_process';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { probeWebgpu } from '../../pipeline/train/webgpu.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const probe = await probeWebgpu();
const missing = 'missing' in probe ? probe.missing : undefined;
// Building needs only the optional webgpu package; running needs an adapter too.
const noPackage = missing?.startsWith('the webgpu package') ?? false;
if (missing) console.warn(`GPU check bundle: ${noPackage ? 'building and running' : 'running'} skipped: ${missing}`);

describe('the GPU check bundle (bench/gpu)', () => {
  it.skipIf(noPackage)(
    'builds into one script and dawn.node, outside any node_modules but its own',
    async () => {
      const out = path.join(await mkdtemp(path.join(tmpdir(), 'gpu-check-')), 'bundle');
      await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/gpu/build.ts'), '--out', out], { cwd: ROOT });
      expect((await readdir(out)).sort()).toEqual(['README.txt', 'gpu-check.mjs', 'node_modules']);
      expect((await readdir(path.join(out, 'node_modules'))).sort()).toEqual(['webgpu']);
      expect((await stat(path.join(out, 'gpu-check.mjs'))).size).toBeGreaterThan(1e6);
    },
    120_000,
  );

  it.skipIf(Boolean(missing))(
    'runs with only Node, from a folder of its own, and prints the adapter, matmul and training figures',
    async () => {
      const out = path.join(await mkdtemp(path.join(tmpdir(), 'gpu-check-')), 'bundle');
      await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/gpu/build.ts'), '--out', out], { cwd: ROOT });
      // No tsx, no loader, no repository: the bundle and Node.
      const { stdout } = await run(process.execPath, [path.join(out, 'gpu-check.mjs'), '--quick'], { cwd: out, env: { PATH: process.env.PATH ?? '', HOME: out } });
      expect(stdout).toContain(`adapter: ${(probe as { adapter: { vendor: string } }).adapter.vendor}`);
      expect(stdout).toMatch(/^limits: maxBufferSize \d+/m);
      expect(stdout).toMatch(/^matmul 512×512: [\d.]+ GFLOP\/s$/m);
      expect(stdout).toMatch(/^character model \(2 layers, width 64, batch 8 × 64\): [\d,]+ tokens\/s/m);
      expect(stdout).toMatch(/^the adapter refused work 0 times$/m);
    },
    300_000,
  );
});
