import { Type, type Static } from '@sinclair/typebox';
import { DecisionId, Handle, IsoDate, Sha256, StringEnum, describe } from './common.ts';

/** Governance files whose every version must be adopted by an accepted decision. */
export const GOVERNED_FILE_PATTERN = '^governance/(policy\\.yaml|board\\.yaml|charter\\.md|agreement-texts/[0-9]+\\.[0-9]+\\.md|base-models/[a-z0-9]+(?:-[a-z0-9]+)*\\.yaml)$';

export const DECISION_STATUSES = ['proposed', 'accepted', 'rejected', 'superseded'] as const;

const Voters = (description: string) => Type.Array(Handle, { uniqueItems: true, description });

/** Front matter of a board decision: `governance/decisions/NNNN-slug.md` (MADR style). */
export const DecisionFrontMatter = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, description: 'What was decided, in one line.' }),
    status: StringEnum(DECISION_STATUSES, { description: `One of ${DECISION_STATUSES.join(', ')}.` }),
    date: describe(IsoDate, 'Date of the vote (or of the proposal, while proposed).'),
    votes: Type.Object(
      {
        for: Voters('Handles of board members who voted for.'),
        against: Voters('Handles of board members who voted against.'),
        abstain: Voters('Handles of board members who abstained.'),
      },
      { additionalProperties: false, description: 'Votes cast, by handle.' },
    ),
    reviewBy: Type.Optional(describe(IsoDate, 'When the board promised to look at this decision again (e.g. "revisit after six months"); the site shows it as due, then overdue.')),
    supersedes: Type.Optional(Type.Array(DecisionId, { uniqueItems: true, description: 'Earlier decisions this one replaces.' })),
    affects: Type.Array(
      Type.String({
        pattern: '^(policy|charter|board|agreement-text|use-case:[a-z0-9-]+|base-model:[a-z0-9-]+|member:[a-z0-9-]+|model:[A-Za-z0-9._-]+|other)$',
        description: 'policy, charter, board, agreement-text, use-case:<slug>, base-model:<id>, member:<handle>, model:<version> or other.',
      }),
      { uniqueItems: true, description: 'What this decision changes.' },
    ),
    allowsLookAlikeNames: Type.Optional(
      Type.Array(Handle, {
        uniqueItems: true,
        description:
          "Writers (by handle) whose public name may look like another writer's: check refuses a name that looks the same as an earlier writer's (Unicode confusables) unless an accepted decision lists its writer here.",
      }),
    ),
    adopts: Type.Optional(
      Type.Array(
        Type.Object(
          {
            file: Type.String({
              pattern: GOVERNED_FILE_PATTERN,
              description: 'The governance file adopted: governance/policy.yaml, board.yaml, charter.md, agreement-texts/<version>.md or base-models/<id>.yaml.',
            }),
            sha256: Sha256('sha256 of the adopted content (line endings as LF); `commonplace-coop adopt` fills it in.'),
          },
          { additionalProperties: false, description: 'One adopted file version.' },
        ),
        { description: 'The exact governance file versions this decision adopted: check refuses a governed file whose content no accepted decision adopted.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'A board decision.' },
);
export type DecisionFrontMatter = Static<typeof DecisionFrontMatter>;
