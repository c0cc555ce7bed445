import { Type, type Static } from '@sinclair/typebox';
import { SchemaVersion } from './common.ts';
import { TrainingProfile } from './policy.ts';

const Figures = Type.Object(
  {
    loss: Type.Number({ minimum: 0, description: 'Mean cross-entropy on the held-out works, in nats per character.' }),
    bitsPerChar: Type.Number({ minimum: 0, description: 'The same in bits per character.' }),
    characters: Type.Integer({ minimum: 0, description: 'Held-out characters it was measured on.' }),
  },
  { additionalProperties: false, description: 'Validation figures.' },
);

/**
 * How much writing does a small model need? `registry/studies/<id>.json`: the current recipe
 * trained on nested fractions of one shared training set (same seed, same held-out works), with
 * validation bits per character against training characters.
 */
export const ScalingStudy = Type.Object(
  {
    schemaVersion: SchemaVersion,
    id: Type.String({ pattern: '^s-[0-9a-f]{12}$', description: 'Hash of what the study ran: dataset, recipe, steps, fractions, trainer.' }),
    kind: Type.Literal('scaling', { description: 'A data-scaling study.' }),
    dataset: Type.String({ pattern: '^[0-9a-f]{16}$', description: 'The shared dataset whose training works were divided.' }),
    trainer: Type.String({ minLength: 1, description: 'The trainer and its version.' }),
    profile: Type.String({ minLength: 1, description: 'The training profile of the policy the recipe came from.' }),
    config: TrainingProfile,
    steps: Type.Integer({ minimum: 1, description: 'Optimiser steps each run took (the same for every fraction).' }),
    validationWorks: Type.Integer({ minimum: 0, description: 'Held-out works every run was measured on.' }),
    runs: Type.Array(
      Type.Object(
        {
          fraction: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Share of the training works used.' }),
          works: Type.Integer({ minimum: 1, description: 'Training works used (a prefix of one fixed order, so each run holds the smaller ones).' }),
          characters: Type.Integer({ minimum: 0, description: 'Training characters used.' }),
          validation: Figures,
          trainingSeconds: Type.Number({ minimum: 0, description: 'Time the training took.' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, description: 'One run per fraction, smallest first.' },
    ),
    unigramBaseline: Figures,
    started: Type.String({ format: 'date-time', description: 'When the study started.' }),
    finished: Type.String({ format: 'date-time', description: 'When it finished.' }),
  },
  { additionalProperties: false, description: 'A data-scaling study of the current recipe.' },
);
export type ScalingStudy = Static<typeof ScalingStudy>;
