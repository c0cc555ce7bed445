import { Type, type Static } from '@sinclair/typebox';
import { DecisionId, StringEnum, describe } from './common.ts';

export const USE_CASE_STATUSES = ['proposed', 'approved', 'rejected', 'retired'] as const;

/** A use of the model the board has ruled on: `governance/use-cases/<slug>.yaml`. */
export const UseCase = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, description: 'Short name of the use.' }),
    description: Type.String({ minLength: 1, maxLength: 4000, description: 'What the model is used for.' }),
    users: Type.String({ minLength: 1, maxLength: 400, description: 'Who may use it (members, workshop leaders, the public…).' }),
    models: StringEnum(['shared', 'allotment', 'any'], {
      description: "Which models it covers: the shared model, members' own (allotment) models, or any.",
    }),
    conditions: Type.Array(Type.String({ minLength: 1, maxLength: 400 }), { description: 'Conditions of use.' }),
    status: StringEnum(USE_CASE_STATUSES, { description: `One of ${USE_CASE_STATUSES.join(', ')}.` }),
    decision: Type.Optional(describe(DecisionId, 'The decision that approved, rejected or retired it; required unless proposed.')),
    publicDemo: Type.Boolean({ description: 'Whether the public site may offer an in-browser demo under this use case.' }),
  },
  { additionalProperties: false, description: 'A use case in the register.' },
);
export type UseCase = Static<typeof UseCase>;
