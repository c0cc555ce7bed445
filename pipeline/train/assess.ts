/**
 * How a model did here: the figures every card carries, whatever the model
 * (language-model.ts). Held-out loss overall and per contributor, beside a
 * character unigram of the training text; samples from the chosen prompts;
 * the memorisation audit, greedy and sampled. The protocol's settings are in protocol.ts.
 */
import { noProgress, type ProgressFactory } from '../progress.ts';
import type { Policy } from '../schemas/index.ts';
import { type AuditResult, type AuditWork, auditWith } from './audit.ts';
import { tokenStream } from './data.ts';
import { evaluateWith, unigramBaseline, type LossFigures } from './evaluate.ts';
import type { LanguageModel } from './language-model.ts';
import type { SamplePrompt } from './prompts.ts';
import { auditSettings, SAMPLE_LENGTH, SAMPLE_TEMPERATURE } from './protocol.ts';
import { Tokenizer } from './tokenizer.ts';

export interface Sample {
  prompt: string;
  text: string;
  temperature: number;
  seed: number;
  source: string;
}

export interface Assessment {
  validation: LossFigures;
  perContributor: Record<string, LossFigures>;
  baseline: LossFigures;
  samples: Sample[];
  audit: AuditResult;
}

export interface AssessInput {
  train: readonly AuditWork[];
  validation: readonly AuditWork[];
  /** What the samples start from (prompts.ts); each is read as the opening of a new work. */
  prompts: readonly SamplePrompt[];
  /** Sample i draws from seed + i. */
  seed: number;
  release: Policy['release'];
  progress?: ProgressFactory;
}

/** Evaluation, samples and the memorisation audit of any model. */
export async function assess(model: LanguageModel, o: AssessInput): Promise<Assessment> {
  const progress = o.progress ?? noProgress;
  const evaluation = await evaluateWith(model, o.validation, model.context, progress);
  const sampling = progress('samples', o.prompts.length, { unit: 'samples' });
  const samples: Sample[] = [];
  for (const [i, { prompt, source }] of o.prompts.entries()) {
    const seed = o.seed + i;
    const [text] = await model.continue([prompt], SAMPLE_LENGTH, { kind: 'sample', temperature: SAMPLE_TEMPERATURE, seed });
    sampling.tick();
    samples.push({ prompt, text: text!, temperature: SAMPLE_TEMPERATURE, seed, source });
  }
  const settings = auditSettings(o.release, o.seed);
  const audit = await auditWith(
    (plans, decoding, onDone) =>
      model.continue(
        plans.map((p) => p.prompt),
        settings.generateChars,
        decoding,
        onDone,
      ),
    o.train,
    { ...settings, progress },
  );
  return { validation: evaluation.overall, perContributor: evaluation.perContributor, baseline: characterUnigram(o.train, o.validation), samples, audit };
}

/** The floor every card shows: a character unigram of the training works on the held-out ones, whatever the model's own tokens. */
export function characterUnigram(train: ReadonlyArray<{ text: string }>, validation: ReadonlyArray<{ contributor: string; text: string }>): LossFigures {
  const chars = Tokenizer.fromTexts([...train, ...validation].map((w) => w.text));
  return unigramBaseline(
    tokenStream(
      train.map((w) => w.text),
      chars,
    ),
    validation,
    chars,
  );
}
