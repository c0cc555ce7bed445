import { Type, type Static } from '@sinclair/typebox';
import { Handle, IsoDate, Scopes, StringEnum, describe } from './common.ts';

/** How a contributor wants to be named in public. */
export const PublicName = Type.Object(
  {
    display: StringEnum(['name', 'pen-name', 'anonymous'], {
      description: 'How the site names this writer: their name, a pen name, or anonymous.',
    }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The name or pen name to show. Leave out when anonymous.' })),
    keepAfterWithdrawal: Type.Optional(
      Type.Boolean({ description: 'After withdrawing, keep being named on the site as above (true), or become "a writer who has since withdrawn" (false, the default).' }),
    ),
  },
  { additionalProperties: false, description: 'How the writer is named in public.' },
);

/** A contributor's signed consent: `governance/agreements/<handle>.yaml`. */
export const Agreement = Type.Object(
  {
    handle: describe(Handle, 'The contributor handle; must equal the file name and their corpus folder.'),
    github: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$', description: 'GitHub login, if it differs from the handle.' })),
    publicName: PublicName,
    agreementVersion: Type.String({
      pattern: '^[0-9]+\\.[0-9]+$',
      description: 'Version of the agreement text signed; governance/agreement-texts/<version>.md must exist.',
      examples: ['1.0'],
    }),
    signed: describe(IsoDate, 'Date the agreement was signed.'),
    signature: Type.String({ minLength: 1, maxLength: 200, description: 'The typed signature: the name the writer signed with (kept in git, not shown when anonymous).' }),
    scopes: describe(Scopes, 'Consent scopes the writer grants for all their works; a work may narrow but never widen them.'),
    withdrawn: Type.Optional(describe(IsoDate, 'Date the writer withdrew everything (set by `commonplace-coop withdraw --handle H`); the next dataset leaves out all their works.')),
  },
  { additionalProperties: false, description: "A contributor's signed consent agreement." },
);
export type Agreement = Static<typeof Agreement>;
