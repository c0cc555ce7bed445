/** Facts about this machine for `doctor`: packages, CUDA libraries, GPUs. The I/O shell around diagnose.ts. */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../project.ts';
import { NEEDED_LIBRARIES, type GpuFacts, type MachineFacts, type PackageFacts } from './diagnose.ts';
import { probeWebgpu } from './webgpu-adapter.ts';

const exec = promisify(execFile);

async function packageFacts(name: string, load: boolean): Promise<PackageFacts> {
  const require = createRequire(path.join(PROJECT_ROOT, 'package.json'));
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return { installed: false };
  }
  const version = (JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
  const libs = (await readdir(path.join(dir, 'deps/lib')).catch(() => [] as string[])).filter((n) => n.startsWith('libtensorflow')).sort();
  let loadError: string | undefined;
  if (load) {
    try {
      await import(/* @vite-ignore */ name as string);
    } catch (e) {
      loadError = (e as Error).message.split('\n')[0];
    }
  }
  return { installed: true, ...(version ? { version } : {}), ...(loadError ? { loadError } : {}), ...(libs.length ? { libtensorflow: libs } : {}) };
}

/** CUDA libraries the dynamic loader knows (ldconfig -p) or LD_LIBRARY_PATH holds. */
async function libraries(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const out = await exec('ldconfig', ['-p'], { env }).then(
    (r) => r.stdout,
    () => '',
  );
  for (const line of out.split('\n')) {
    const m = /^\s*(\S+) \(.*\) => (\S+)/.exec(line);
    if (m && (NEEDED_LIBRARIES as readonly string[]).includes(m[1]!)) found[m[1]!] ??= m[2]!;
  }
  for (const dir of (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean)) {
    for (const name of await readdir(dir).catch(() => [] as string[])) if ((NEEDED_LIBRARIES as readonly string[]).includes(name)) found[name] ??= path.join(dir, name);
  }
  return found;
}

async function gpus(env: NodeJS.ProcessEnv): Promise<{ gpus?: GpuFacts[]; nvidiaSmiError?: string }> {
  try {
    const { stdout } = await exec('nvidia-smi', ['--query-gpu=name,compute_cap,driver_version,memory.total', '--format=csv,noheader,nounits'], { env, timeout: 20_000 });
    return {
      gpus: stdout
        .split('\n')
        .filter((l) => l.trim())
        .map((line) => {
          const [name, cc, driver, memory] = line.split(',').map((s) => s.trim());
          return {
            name: name!,
            ...(cc && /^\d+\.\d+$/.test(cc) ? { computeCapability: cc } : {}),
            ...(driver ? { driver } : {}),
            ...(memory && /^\d+$/.test(memory) ? { memoryMiB: Number(memory) } : {}),
          };
        }),
    };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    return { nvidiaSmiError: err.code === 'ENOENT' ? 'nvidia-smi is not installed' : `nvidia-smi failed: ${(err.stderr || err.message).split('\n')[0]}` };
  }
}

/** Everything `diagnose` needs; `load` tries to load the native packages too (slow with a GPU). */
export async function gatherFacts(opts: { load?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<MachineFacts> {
  const env = opts.env ?? process.env;
  const load = opts.load ?? true;
  const [gpuPackage, cpuPackage, libs, g] = await Promise.all([packageFacts('@tensorflow/tfjs-node-gpu', load), packageFacts('@tensorflow/tfjs-node', load), libraries(env), gpus(env)]);
  // Looking for a WebGPU adapter loads dawn.node: only when loading is allowed.
  const webgpu = load ? { webgpu: await probeWebgpu(), ...(process.platform === 'linux' ? { vulkanDrivers: await vulkanDrivers() } : {}) } : {};
  return { gpuPackage, cpuPackage, libraries: libs, ...g, cores: os.cpus().length, ...webgpu };
}

/** The Vulkan drivers (ICD manifests) the loader would find in the usual system folders. */
async function vulkanDrivers(): Promise<string[]> {
  const found = await Promise.all(['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d'].map((d) => readdir(d).catch(() => [] as string[])));
  return [...new Set(found.flat().filter((f) => f.endsWith('.json')))].sort();
}
