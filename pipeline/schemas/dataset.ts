import { Type, type Static } from '@sinclair/typebox';
import { describe, Handle, Scope, SchemaVersion, Sha256, StringEnum } from './common.ts';
import { FORMS } from './work.ts';

const Count = (description: string) => Type.Integer({ minimum: 0, description });
/** A dataset version id: 16 hex digits of the hash over its content address and the version it follows. */
export const DatasetId = Type.String({
  pattern: '^[0-9a-f]{16}$',
  description: 'Dataset version id: 16 hex digits of the hash over its content address and the id of the version before it, so every version has its own id even when its works equal an earlier one.',
});
/** A dataset's content address: the first 16 hex digits of the sha256 over what went into it. */
export const ContentAddress = Type.String({
  pattern: '^[0-9a-f]{16}$',
  description: 'Content address: 16 hex digits of the hash over its sorted work hashes, scope, normalizer version and split rule. Equal works give an equal address.',
});

const Totals = Type.Object(
  {
    works: Count('Number of works.'),
    characters: Count('Unicode code points of normalized text.'),
    words: Count('Words (runs of letters, digits and apostrophes).'),
    lines: Count('Non-empty lines.'),
  },
  { additionalProperties: false, description: 'Counts over normalized text.' },
);

const CommitRef = Type.Object(
  {
    commit: Type.String({ pattern: '^[0-9a-f]{40}$', description: 'Full commit hash.' }),
    author: Type.String({ description: 'Author name (never the e-mail address).' }),
    date: Type.String({ format: 'date-time', description: 'Author date, UTC.' }),
  },
  { additionalProperties: false, description: 'A commit.' },
);

export const Provenance = Type.Object(
  {
    added: Type.Optional(describe(CommitRef, 'The commit that added the file.')),
    lastChanged: Type.Optional(describe(CommitRef, 'The commit that last changed the file.')),
    merge: Type.Optional(
      Type.Object(
        {
          commit: Type.String({ pattern: '^[0-9a-f]{40}$', description: 'The commit on the main line that brought the work in (a merge, or a squashed commit).' }),
          date: Type.String({ format: 'date-time', description: 'Date of that commit, UTC.' }),
          pullRequest: Type.Optional(Type.Integer({ minimum: 1, description: 'Pull request number, when the message carries one.' })),
          approvedBy: Type.Array(Type.String(), { description: 'Names from Reviewed-by:/Approved-by: trailers (and, on GitHub, reviews).' }),
        },
        { additionalProperties: false, description: 'How the work reached the main line.' },
      ),
    ),
    uncommitted: Type.Optional(Type.Boolean({ description: 'True when the work had uncommitted changes at build time (only with --allow-uncommitted).' })),
  },
  { additionalProperties: false, description: 'Where a work came from, read from git.' },
);
export type Provenance = Static<typeof Provenance>;

export const DatasetWork = Type.Object(
  {
    hash: Sha256('sha256 of the normalized text.'),
    path: Type.Optional(Type.String({ description: 'File in the co-op repository; removed from every record once the work is withdrawn.' })),
    contributor: Handle,
    title: Type.Optional(Type.String({ description: "Title, only when the work's display scopes allow showing it; removed once the work is withdrawn." })),
    form: StringEnum(FORMS, { description: 'Form or genre.' }),
    language: Type.String({ description: 'BCP 47 language tag.' }),
    scopes: Type.Array(Scope, { description: 'Consent scopes of the work.' }),
    split: StringEnum(['train', 'validation'], { description: 'Which split the work is in.' }),
    characters: Count('Code points of normalized text.'),
    words: Count('Words.'),
    lines: Count('Non-empty lines.'),
    provenance: Type.Union([Provenance, Type.Null()], {
      description: 'Git provenance; null when the co-op is not a git repository. Once the work is withdrawn only the merge that let it in stays (the commits name its writer).',
    }),
  },
  { additionalProperties: false, description: 'One work in a dataset.' },
);
export type DatasetWork = Static<typeof DatasetWork>;

const Breakdown = (description: string) => Type.Record(Type.String(), Totals, { description });

const Withdrawn = Type.Object(
  {
    contributor: Handle,
    hash: Sha256('Hash of the withdrawn work as it was last included.'),
    reason: StringEnum(['agreement-withdrawn', 'work-withdrawn'], { description: 'Whether the writer withdrew everything or this one work.' }),
    inDatasets: Type.Array(DatasetId, { description: 'Earlier datasets that contained this work.' }),
  },
  { additionalProperties: false, description: 'A work left out because it was withdrawn. No text is kept.' },
);

/** A dataset version: `registry/datasets/<id>.json`. */
export const DatasetManifest = Type.Object(
  {
    schemaVersion: SchemaVersion,
    id: DatasetId,
    content: ContentAddress,
    version: Type.Integer({ minimum: 1, description: "Version number within its lineage (the shared dataset, or one member's), counting from 1." }),
    kind: StringEnum(['shared', 'allotment'], { description: "shared: the co-op's model; allotment: one member's own model." }),
    member: Type.Optional(describe(Handle, 'For an allotment dataset, whose it is.')),
    scope: describe(Scope, 'The consent scope every work in it granted (train-shared or train-own).'),
    normalizer: Type.String({ description: 'Name and version of the text normalizer.' }),
    split: Type.Object(
      {
        rule: Type.String({ description: 'The split rule, with its parameters.' }),
        validationRatio: Type.Number({ description: 'Share held out.' }),
        minValidationWorks: Type.Integer({ description: 'Least number held out.' }),
      },
      { additionalProperties: false, description: 'How works were split into train and validation.' },
    ),
    previous: Type.Union([DatasetId, Type.Null()], { description: 'The dataset of the same kind (and member) built before this one.' }),
    totals: Type.Object(
      {
        all: Totals,
        train: Totals,
        validation: Totals,
        contributors: Count('Distinct contributors.'),
      },
      { additionalProperties: false, description: 'Totals overall and per split.' },
    ),
    breakdown: Type.Object(
      {
        contributor: Breakdown('Totals by contributor handle.'),
        form: Breakdown('Totals by form.'),
        language: Breakdown('Totals by language.'),
        scope: Breakdown('Totals by consent scope granted.'),
      },
      { additionalProperties: false, description: 'Breakdowns.' },
    ),
    works: Type.Array(DatasetWork, { description: 'Every work, sorted by hash.' }),
    changes: Type.Object(
      {
        added: Type.Array(Type.String(), { description: 'Hashes of works new since the previous dataset.' }),
        changed: Type.Array(
          Type.Object(
            { path: Type.Optional(Type.String({ description: 'File (removed once withdrawn).' })), from: Sha256('Hash before.'), to: Sha256('Hash now.') },
            { additionalProperties: false, description: 'A work whose text changed.' },
          ),
          { description: 'Works whose text changed.' },
        ),
        removed: Type.Array(
          Type.Object(
            { path: Type.Optional(Type.String({ description: 'File it was in (removed once withdrawn).' })), hash: Sha256('Hash of the removed work.') },
            { additionalProperties: false, description: 'A work no longer included.' },
          ),
          { description: 'Works left out for reasons other than withdrawal (file deleted, scope changed).' },
        ),
        withdrawn: Type.Array(Withdrawn, { description: 'Works left out because they were withdrawn.' }),
      },
      { additionalProperties: false, description: 'What changed since the previous dataset.' },
    ),
  },
  { additionalProperties: false, description: 'A dataset version.' },
);
export type DatasetManifest = Static<typeof DatasetManifest>;

/** `registry/datasets/index.json`: every dataset built, in order. */
export const DatasetIndex = Type.Object(
  {
    schemaVersion: SchemaVersion,
    datasets: Type.Array(
      Type.Object(
        {
          id: DatasetId,
          kind: StringEnum(['shared', 'allotment'], { description: 'Kind of dataset.' }),
          member: Type.Optional(describe(Handle, 'Owner of an allotment dataset.')),
        },
        { additionalProperties: false, description: 'One built dataset.' },
      ),
      { description: 'Datasets in the order they were built, oldest first.' },
    ),
    withdrawalsApplied: Type.Optional(
      Type.String({ pattern: '^[0-9a-f]{16}$', description: 'Digest of the withdrawals whose works every record here has been cleared of (titles and paths removed); a new withdrawal changes it.' }),
    ),
  },
  { additionalProperties: false, description: 'The dataset registry index.' },
);
export type DatasetIndex = Static<typeof DatasetIndex>;
