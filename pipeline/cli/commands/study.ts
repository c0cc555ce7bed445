import { DEFAULT_FRACTIONS, parseFractions } from '../../study/plan.ts';
import { EXIT, problemLines, UsageError } from '../io.ts';
import { backendAsUsage, backendFlag } from './train.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const study: Command = {
  name: 'study',
  summary: 'How much writing does a small model need? Train the recipe on nested fractions of the shared training set and record the curve.',
  usage: 'scaling [--fractions 0.125,0.25,0.5,1] [--steps N] [--profile cpu|gpu] [--backend auto|tensorflow-gpu|webgpu|tensorflow|wasm|cpu] [--root DIR]',
  help: [
    "`study scaling` trains the policy's training recipe on nested fractions of the current shared dataset's training works",
    '(each run holds all the writing of the smaller ones; same seed, same steps, the same held-out works) and writes',
    'registry/studies/<id>.json: held-out bits per character against training characters. The site draws the curve.',
    "It trains one model per fraction: with the profile's steps it takes that many times as long as the shared model.",
    'It is never part of `pipeline`; commit the record when you want it on the site.',
  ].join('\n'),
  options: { fractions: { type: 'string' }, steps: { type: 'string' }, profile: { type: 'string' }, backend: { type: 'string', default: 'auto' } },
  async run({ values, positionals, root }, io) {
    if (positionals[0] !== 'scaling' || positionals.length > 1) throw new UsageError('say which study: `study scaling` (the only one so far)');
    const fractions = values.fractions === undefined ? DEFAULT_FRACTIONS : parseFractions(String(values.fractions));
    if (typeof fractions === 'string') throw new UsageError(fractions);
    const steps = values.steps === undefined ? undefined : Number(values.steps);
    if (steps !== undefined && (!Number.isInteger(steps) || steps < 1 || steps > 1_000_000)) throw new UsageError(`--steps must be a whole number from 1 to 1,000,000, not "${String(values.steps)}"`);
    const profile = values.profile;
    if (profile !== undefined && profile !== 'cpu' && profile !== 'gpu') throw new UsageError(`--profile must be cpu or gpu, not "${String(profile)}"`);
    const backend = backendFlag(values.backend);
    const abs = await requireCoopRoot(root);
    // TensorFlow.js loads only when something trains.
    const { runScalingStudy } = await import('../../study/scaling.ts');
    const result = await runScalingStudy(abs, {
      fractions,
      ...(steps ? { steps } : {}),
      ...(profile ? { profile } : {}),
      backend,
      log: (l) => io.stderr.write(`${l}\n`),
    }).catch(backendAsUsage);
    if (!result.ok) {
      io.stdout.write(problemLines(result.problems));
      return EXIT.problems;
    }
    io.stdout.write(
      `study ${result.study.id}: ${result.study.runs.map((r) => `${r.characters.toLocaleString('en')} chars → ${r.validation.bitsPerChar.toFixed(3)} bits/char`).join('; ')}\nwritten to ${result.file}\n`,
    );
    return EXIT.ok;
  },
};
