/**
 * Bundle bench/gpu/check.ts for a GPU machine that has only Node: one script
 * (esbuild, every dependency inside it) and the `webgpu` package's dawn.node
 * for this platform, or every platform with --all, in artifacts/bench-gpu/.
 *
 *   npm run bench:gpu:build [-- --all --out DIR]
 */
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { all: { type: 'boolean', default: false }, out: { type: 'string', default: path.join(ROOT, 'artifacts/bench-gpu') } } });
const out = path.resolve(values.out);
const webgpu = path.dirname(createRequire(import.meta.url).resolve('webgpu/package.json'));

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(ROOT, 'bench/gpu/check.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: path.join(out, 'gpu-check.mjs'),
  // Dawn's binding is a native module: it stays a package beside the script.
  external: ['webgpu'],
  // Some of TF.js's CommonJS modules require Node's built-ins: give the ESM bundle a require.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
const platform = `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`;
const target = path.join(out, 'node_modules/webgpu');
await mkdir(path.join(target, 'dist'), { recursive: true });
for (const file of ['index.js', 'package.json', 'LICENSE.md']) await cp(path.join(webgpu, file), path.join(target, file));
const platforms = values.all ? ['darwin-universal', 'linux-arm64', 'linux-x64', 'win32-arm64', 'win32-x64'] : [platform];
for (const p of platforms) await cp(path.join(webgpu, 'dist', p), path.join(target, 'dist', p), { recursive: true });
const version = JSON.parse(await readFile(path.join(webgpu, 'package.json'), 'utf8')).version as string;
await writeFile(
  path.join(out, 'README.txt'),
  `Commonplace's GPU check. With Node 20 or newer (nothing else), on the GPU machine:\n\n  node gpu-check.mjs\n\nDawn ${version} is included for ${platforms.join(', ')}. See docs/gpu-runner.md.\n`,
);
const script = (await stat(path.join(out, 'gpu-check.mjs'))).size;
const dawn = (await Promise.all(platforms.map((p) => stat(path.join(target, 'dist', p, 'dawn.node'))))).reduce((n, s) => n + s.size, 0);
console.log(`wrote ${out}: gpu-check.mjs ${(script / 1e6).toFixed(1)} MB, dawn.node ${(dawn / 1e6).toFixed(1)} MB (${platforms.join(', ')})`);
