import { Type, type Static } from '@sinclair/typebox';
import { Handle, IsoDate, Scopes, StringEnum, describe } from './common.ts';

/** The literary forms a work can declare. */
export const FORMS = ['poem', 'flash-fiction', 'short-story', 'essay', 'memoir', 'song', 'letter', 'script', 'other'] as const;

/** Front matter of a donated work: `corpus/<handle>/<slug>.md` (or `.txt`). */
export const WorkFrontMatter = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, description: 'Title of the work, as the writer wants it shown.' }),
    contributor: Handle,
    language: Type.String({
      pattern: '^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$',
      description: 'Language of the text as a BCP 47 tag (e.g. en, cy, pt-BR).',
      examples: ['en', 'pt-BR'],
    }),
    form: StringEnum(FORMS, { description: `Form or genre: one of ${FORMS.join(', ')}.` }),
    scopes: describe(Scopes, "Consent scopes for this work; must be within the writer's signed agreement."),
    licence: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Optional licence for the text itself, as an SPDX id (e.g. CC-BY-4.0).' })),
    contentNotes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { description: 'Optional content notes shown before the text (e.g. grief).' })),
    withdrawn: Type.Optional(
      describe(
        IsoDate,
        'No longer used: a withdrawn work leaves corpus/. Run `commonplace-coop withdraw --handle H --work SLUG`, which deletes the file and records the withdrawal in governance/withdrawals/.',
      ),
    ),
  },
  { additionalProperties: false, description: 'Front matter of a donated work.' },
);
export type WorkFrontMatter = Static<typeof WorkFrontMatter>;
