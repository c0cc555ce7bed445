import { Type, type Static } from '@sinclair/typebox';
import { Handle, IsoDate, SchemaVersion, Sha256, describe } from './common.ts';

/** One withdrawn work: its fingerprints and the date, never its text, title or file name. */
export const WithdrawnWork = Type.Object(
  {
    hash: Sha256('Fingerprint of the work: sha256 of its normalized text, as in every dataset that held it.'),
    title: Type.Optional(Sha256('Fingerprint of its title (sha256 of the title trimmed, spaces collapsed, lowercased), so "Am I in it?" can answer by title without keeping it.')),
    withdrawn: describe(IsoDate, 'Date the work was withdrawn.'),
  },
  { additionalProperties: false, description: 'A withdrawn work.' },
);
export type WithdrawnWork = Static<typeof WithdrawnWork>;

/**
 * `governance/withdrawals/<handle>.yaml`, written by `commonplace-coop withdraw`:
 * what a writer took out, so the registry's history stays resolvable after
 * the texts have left corpus/.
 */
export const Withdrawal = Type.Object(
  {
    schemaVersion: SchemaVersion,
    handle: describe(Handle, 'The writer who withdrew; must equal the file name and have an agreement.'),
    works: Type.Array(WithdrawnWork, { description: 'Every work withdrawn, oldest withdrawal first.' }),
  },
  { additionalProperties: false, description: "A writer's withdrawn works." },
);
export type Withdrawal = Static<typeof Withdrawal>;
