import { Type, type Static } from '@sinclair/typebox';
import { Handle, IsoDate, SchemaVersion, StringEnum, describe } from './common.ts';

export const ROLES = ['chair', 'steward', 'secretary', 'treasurer', 'member'] as const;

/** One period a member serves on the board. */
export const Term = Type.Object(
  {
    from: describe(IsoDate, 'First day of the term.'),
    to: Type.Optional(describe(IsoDate, 'Last day of the term; leave out while it has no set end.')),
    roles: Type.Array(StringEnum(ROLES), {
      minItems: 1,
      uniqueItems: true,
      description: `Roles held in this term: ${ROLES.join(', ')}.`,
    }),
  },
  { additionalProperties: false, description: 'A term of office.' },
);

/** The board: `governance/board.yaml`. */
export const Board = Type.Object(
  {
    schemaVersion: SchemaVersion,
    members: Type.Array(
      Type.Object(
        {
          handle: describe(Handle, "The board member's handle."),
          name: Type.String({ minLength: 1, maxLength: 100, description: 'Name shown on the site.' }),
          github: Type.Optional(
            Type.String({
              pattern: '^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$',
              description: "GitHub login, if it differs from the handle: whose pull-request reviews count as this member's.",
            }),
          ),
          terms: Type.Array(Term, { minItems: 1, description: 'Terms served, oldest first.' }),
        },
        { additionalProperties: false, description: 'A board member.' },
      ),
      { minItems: 1, description: 'Everyone who serves or has served on the board.' },
    ),
  },
  { additionalProperties: false, description: "The co-op's elected board (its stewards)." },
);
export type Board = Static<typeof Board>;
export type BoardMember = Board['members'][number];
