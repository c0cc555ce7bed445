/**
 * Benchmark: what evaluation, samples and the memorisation audit cost beside
 * training, on the policy's CPU profile, for two corpora:
 *   - the demo co-op's shared dataset (a vocabulary of about 80 symbols);
 *   - a generated archive like a real one in Chinese: 3,000 short poems
 *     (4 lines of 5 or 7 characters) over a vocabulary of 5,000 symbols
 *     drawn with Zipf frequencies.
 * Training time is projected from timed steps (the profile's steps x the mean
 * step, with one worker thread per core up to the profile's microBatches);
 * evaluation, the four samples and the audit of every training work (on the
 * same worker threads) run in full, as the training stage runs them.
 *
 *   npm run bench:eval [-- --steps 10 --warmup 2 --poems 3000 --vocabulary 5000]
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { useBackend } from '../pipeline/train/backend.ts';
import { auditWith } from '../pipeline/train/audit.ts';
import { tokenStream } from '../pipeline/train/data.ts';
import { evaluateWith } from '../pipeline/train/evaluate.ts';
import { charModel } from '../pipeline/train/char-model.ts';
import { trainLoop } from '../pipeline/train/loop.ts';
import { buildModel } from '../pipeline/train/model.ts';
import { WorkerPool } from '../pipeline/train/parallel/pool.ts';
import { choosePrompts } from '../pipeline/train/prompts.ts';
import { Tokenizer } from '../pipeline/train/tokenizer.ts';
import { EXTRACTION_SAMPLES, SAMPLE_LENGTH, SAMPLE_TEMPERATURE } from '../pipeline/train/protocol.ts';
import type { TrainingProfile } from '../pipeline/schemas/index.ts';
import { loadBenchInputs } from './coop-inputs.ts';
import { rng } from './synthetic-coop.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { steps: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' }, poems: { type: 'string', default: '3000' }, vocabulary: { type: 'string', default: '5000' } },
});
const whole = (flag: keyof typeof values, min: number) => {
  const n = Number(values[flag]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} must be a whole number >= ${min}, got "${values[flag]}"`);
  return n;
};

/** Poems of 4 lines of 5 or 7 symbols from a Zipf-distributed vocabulary of CJK ideographs. */
function poems(count: number, vocabulary: number): string[] {
  const random = rng(14);
  const weights = Array.from({ length: vocabulary }, (_, i) => 1 / (i + 1));
  const cumulative: number[] = [];
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
  const total = cumulative.at(-1)!;
  const symbol = () => {
    const r = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return String.fromCodePoint(0x4e00 + lo);
  };
  return Array.from({ length: count }, () => {
    const width = random() < 0.5 ? 5 : 7;
    return `${Array.from({ length: 4 }, (_, l) => Array.from({ length: width }, symbol).join('') + (l % 2 ? '。' : '，')).join('\n')}\n`;
  });
}

async function measure(name: string, profile: TrainingProfile, train: string[], validation: string[]): Promise<void> {
  const tokenizer = Tokenizer.fromTexts([...train, ...validation]);
  const net = buildModel(profile, tokenizer.size);
  const stream = tokenStream(train, tokenizer);
  const parts = profile.microBatches ?? 1;
  const workers = Math.min(os.availableParallelism(), parts);
  const pool = workers > 1 ? await WorkerPool.start(workers, { shape: profile, vocab: tokenizer.size, stream, backend: 'wasm' }) : undefined;
  const model = charModel(net, tokenizer, { shape: profile, ...(pool ? { pool } : {}) });
  try {
    const [steps, warmup] = [whole('steps', 1), whole('warmup', 0)];
    let started = performance.now();
    await trainLoop({
      model,
      stream,
      context: profile.context,
      batch: profile.batch,
      seed: profile.seed,
      microBatches: parts,
      ...(pool ? { pool } : {}),
      optimizer: { learningRate: profile.learningRate, warmupSteps: profile.warmupSteps, totalSteps: warmup + steps, weightDecay: profile.weightDecay, clipNorm: profile.clipNorm },
      onStep: (r) => {
        if (r.step === warmup - 1) started = performance.now();
      },
    });
    const stepSeconds = (performance.now() - started) / 1000 / steps;
    const training = stepSeconds * profile.steps;

    const timed = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
      const t0 = performance.now();
      const out = await fn();
      return [out, (performance.now() - t0) / 1000];
    };
    const [, evaluation] = await timed(() =>
      evaluateWith(
        model,
        validation.map((text) => ({ contributor: 'x', text })),
        profile.context,
      ),
    );
    const prompts = choosePrompts(
      undefined,
      validation.map((text, i) => ({ hash: String(i).padStart(12, '0'), text, displayable: true })),
    );
    const [, samples] = await timed(() => Promise.all(prompts.map((p, i) => model.continue([p.prompt], SAMPLE_LENGTH, { kind: 'sample', temperature: SAMPLE_TEMPERATURE, seed: i }))));
    const auditWorks = train.map((text, i) => ({ hash: String(i), contributor: 'x', text, displayable: true }));
    const [, audit] = await timed(() =>
      auditWith(
        (plans, decoding, onDone) =>
          model.continue(
            plans.map((p) => p.prompt),
            184,
            decoding,
            onDone,
          ),
        auditWorks,
        { promptChars: 32, generateChars: 184, extractionChars: 50, sampling: { samples: EXTRACTION_SAMPLES, temperature: SAMPLE_TEMPERATURE, seed: 0, verbatimLimit: 120 } },
      ),
    );
    net.dispose();
    const after = evaluation + samples + audit;
    console.log(`${name}: ${train.length} training works, ${validation.length} held out, vocabulary ${tokenizer.size}`);
    console.log(`  training: ${(stepSeconds * 1000).toFixed(0)} ms/step with ${workers} worker${workers === 1 ? '' : 's'}, ${profile.steps} steps = ${training.toFixed(0)} s (projected)`);
    console.log(
      `  evaluation ${evaluation.toFixed(1)} s, samples ${samples.toFixed(1)} s (${prompts.length} x ${SAMPLE_LENGTH} symbols), audit ${audit.toFixed(1)} s (${auditWorks.length} works x 184 symbols, greedy and ${EXTRACTION_SAMPLES} sampled)`,
    );
    console.log(`  evaluation + samples + audit = ${after.toFixed(1)} s = ${((100 * after) / training).toFixed(1)}% of training (target <= 20%)`);
  } finally {
    await pool?.close();
  }
}

await useBackend('wasm');
const demo = await loadBenchInputs(ROOT);
await measure(`demo co-op (${demo.dataset})`, demo.profile, demo.train, demo.validation);
const archive = poems(whole('poems', 10), whole('vocabulary', 10));
const held = Math.max(1, Math.round(archive.length / 20));
await measure(`generated archive of ${archive.length} poems`, demo.profile, archive.slice(held), archive.slice(0, held));
