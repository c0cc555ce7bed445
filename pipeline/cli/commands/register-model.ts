import path from 'node:path';
import { EXIT, problemLines, UsageError } from '../io.ts';
import { backendAsUsage, backendFlag } from './train.ts';
import { checkStep, requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const registerModelCommand: Command = {
  name: 'register-model',
  summary: 'Bring back a model trained elsewhere: evaluate, audit and gate it here, and write its card.',
  usage: '--dataset ID --dir DIR --trainer TEXT [--backend auto|wasm|cpu|tensorflow|tensorflow-gpu] [--root DIR]',
  help: [
    "For a co-op that trains on someone else's machines from `commonplace-coop export`. DIR holds a GPT-2 or Llama",
    "checkpoint in Hugging Face's layout (config.json, model.safetensors, tokenizer.json). ID is the registered dataset",
    'it was trained on: its card names it, so withdrawal retires the model like any other. TEXT is the recipe and where',
    'it ran, as the trainer declares it. The held-out evaluation, the memorisation audit and the release gate run here',
    'before the model can be current. Its files are copied into artifacts/models/<version>/ (never committed).',
    'While it stands, the pipeline does not train its own model on that dataset.',
  ].join('\n'),
  options: { dataset: { type: 'string' }, dir: { type: 'string' }, trainer: { type: 'string' }, backend: { type: 'string', default: 'auto' } },
  async run({ values, root }, io) {
    for (const flag of ['dataset', 'dir', 'trainer'] as const) if (typeof values[flag] !== 'string') throw new UsageError(`--${flag} is required`);
    const backend = backendFlag(values.backend);
    const check = await checkStep(await requireCoopRoot(root), io);
    if (!check.ok) return EXIT.problems;
    // TensorFlow.js loads only when something is evaluated.
    const { registerModel } = await import('../../train/register.ts');
    const result = await registerModel({
      check,
      dataset: String(values.dataset),
      dir: path.resolve(String(values.dir)),
      trainer: String(values.trainer),
      backend,
      log: (l) => io.stderr.write(`${l}\n`),
    }).catch(backendAsUsage);
    if (!result.ok) {
      io.stdout.write(problemLines(result.problems));
      return EXIT.problems;
    }
    const c = result.card;
    io.stdout.write(
      result.already
        ? `${c.version}: already registered (${c.status})\n`
        : `${c.version}: registered, ${c.metrics.validation.bitsPerChar.toFixed(3)} bits/char held out (unigram ${c.metrics.unigramBaseline.bitsPerChar.toFixed(3)}), longest verbatim run ${c.memorisation.maxVerbatimTraining}, ${c.status}${c.statusReason ? ` (${c.statusReason})` : ''}\n`,
    );
    return EXIT.ok;
  },
};
