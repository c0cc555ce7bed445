/**
 * Running the PyTorch reference (char_transformer.py) from TypeScript: find a
 * Python that can import torch, pass the config as JSON on stdin, read the
 * JSON it prints. Not having torch is a value, not an exception, so the
 * benchmarks still run and say why the reference is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./char_transformer.py', import.meta.url));

/** Config for char_transformer.py; see its header for every field. */
export interface ReferenceConfig {
  layers: number;
  dModel: number;
  heads: number;
  context: number;
  batch: number;
  seed: number;
  learningRate: number;
  warmupSteps: number;
  weightDecay: number;
  clipNorm: number;
  steps: number;
  totalSteps: number;
  timingWarmup: number;
  torchThreads: number;
  openblasThreads: number;
  evaluate: boolean;
  measurePeak: boolean;
  train: string[];
  validation: string[];
}

export interface ReferenceOutput {
  torch: string;
  threads: { torch: number; openblasEnv: string; openblas: number | null };
  blas: string;
  parameters: number;
  vocabulary: number;
  stepMs: number;
  tokensPerSecond: number;
  firstLoss: number;
  lastLoss: number;
  validationLoss?: number;
  peakFlops?: number;
  peakNote?: string;
}

export type ReferenceResult = { ok: true; python: string; value: ReferenceOutput } | { ok: false; reason: string };

/**
 * The Python to run the reference with: $COMMONPLACE_PYTHON when set (and only
 * it), otherwise the first of python3 on PATH and /usr/bin/python3 (where
 * Debian's python3-torch lives, when PATH leads to a pyenv one) that imports torch.
 */
export function findTorchPython(): { python: string } | { reason: string } {
  const tried: string[] = [];
  const candidates = process.env.COMMONPLACE_PYTHON ? [process.env.COMMONPLACE_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return { python };
    const why = probe.error ? ((probe.error as NodeJS.ErrnoException).code ?? probe.error.message) : probe.stderr.trim().split('\n').at(-1);
    tried.push(`${python}: ${why}`);
  }
  return { reason: `no Python here imports torch (${tried.join('; ')}); install it with \`apt-get install -y python3-torch libopenblas0-pthread\` or set COMMONPLACE_PYTHON` };
}

/** Train (and optionally evaluate) the reference; progress lines go to `log`. */
export async function runReference(config: ReferenceConfig, log: (line: string) => void = () => {}): Promise<ReferenceResult> {
  const found = findTorchPython();
  if ('reason' in found) return { ok: false, reason: found.reason };
  const child = spawn(found.python, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, OPENBLAS_NUM_THREADS: String(config.openblasThreads) } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    for (const line of String(d).split('\n')) if (line.trim()) log(line);
  });
  child.stdin.end(JSON.stringify(config));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) {
    return { ok: false, reason: `${SCRIPT} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}` };
  }
  return { ok: true, python: found.python, value: JSON.parse(last) as ReferenceOutput };
}
