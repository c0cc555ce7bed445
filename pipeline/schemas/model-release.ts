import { Type, type Static } from '@sinclair/typebox';
import { describe, Handle, Sha256, SchemaVersion, StringEnum } from './common.ts';
import { ContentAddress, DatasetId } from './dataset.ts';
import { ModelVersion } from './model-card.ts';

/**
 * The predicate type of a model release statement. `.invalid` on purpose: the project has no domain
 * of its own, and a name under `.invalid` can never be registered by someone else (RFC 6761).
 */
export const MODEL_RELEASE_PREDICATE = 'https://commonplace-coop.invalid/model-release/v1';

const Commit = Type.String({ pattern: '^[0-9a-f]{40}$', description: 'A full git commit hash.' });

const NamedFile = (description: string) =>
  Type.Object(
    {
      name: Type.String({ minLength: 1, description: 'The file as the release names it (e.g. card.json).' }),
      sha256: Sha256('sha256 of its bytes as released.'),
    },
    { additionalProperties: false, description },
  );

const MergeApproval = Type.Object(
  {
    commit: describe(Commit, 'The main-line commit (a merge, or a squashed commit) that brought works in.'),
    pullRequest: Type.Optional(Type.Integer({ minimum: 1, description: 'Its pull request, when known.' })),
    approvedBy: Type.Array(Type.String(), {
      description: 'Who approved it, as the dataset manifest recorded it (from `verify` on GitHub, or the merge trailers); empty when no approval was recorded.',
    }),
    works: Type.Array(Sha256('A work hash.'), { description: 'Hashes of the dataset works it brought in, sorted.' }),
  },
  { additionalProperties: false, description: 'One merge that brought works of the dataset in, and who approved it.' },
);

/** The predicate: what the released weights are bound to. */
export const ModelReleasePredicate = Type.Object(
  {
    schemaVersion: SchemaVersion,
    repository: Type.String({ pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$', description: 'The GitHub repository (owner/name) whose release this is: `gh attestation verify --repo` takes it.' }),
    sourceCommit: describe(Commit, 'The commit the pipeline ran on when this release was first made (publish --source).'),
    model: Type.Object(
      {
        version: ModelVersion,
        kind: StringEnum(['shared', 'allotment'], { description: "shared: the co-op's model; allotment: one member's own model." }),
        member: Type.Optional(describe(Handle, 'For an allotment, whose it is.')),
        card: NamedFile('The model card, as released.'),
      },
      { additionalProperties: false, description: 'The model and its card.' },
    ),
    dataset: Type.Object(
      {
        id: describe(DatasetId, 'The dataset the model was trained on.'),
        content: describe(ContentAddress, 'Its content address.'),
        manifest: NamedFile('Its manifest (registry/datasets/<id>.json), as released.'),
        files: Type.Array(NamedFile('A file of the dataset export.'), {
          description: 'The dataset export released beside the model (train.jsonl, …), sorted by name; empty when it was not attached.',
        }),
      },
      { additionalProperties: false, description: 'The dataset manifest and export.' },
    ),
    approvals: Type.Object(
      {
        merges: Type.Array(MergeApproval, { description: "The merges that brought the dataset's works in, from its manifest's provenance, sorted by commit." }),
        unreviewed: Type.Array(Sha256('A work hash.'), { description: 'Works with no merge on record (committed directly, or built outside git), sorted.' }),
        summary: Type.String({ description: 'What was recorded, in plain words.' }),
      },
      { additionalProperties: false, description: 'The approvals recorded by `verify` (and the merge trailers) for the works the model learned from.' },
    ),
  },
  { additionalProperties: false, description: 'A Commonplace model release: the weights bound to their card, dataset, approvals and source commit.' },
);
export type ModelReleasePredicate = Static<typeof ModelReleasePredicate>;

/** `provenance.intoto.json` on a model's release: an in-toto v1 statement whose subjects are the weight files. */
export const ModelReleaseStatement = Type.Object(
  {
    _type: Type.Literal('https://in-toto.io/Statement/v1', { description: 'An in-toto v1 statement.' }),
    subject: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, description: "A weight file as the release names it (the card's weights.files, by file name)." }),
          digest: Type.Object({ sha256: Sha256('sha256 of the file.') }, { additionalProperties: false, description: 'Its digest.' }),
        },
        { additionalProperties: false, description: 'A released weight file.' },
      ),
      { minItems: 1, description: 'The weight files, sorted by name.' },
    ),
    predicateType: Type.Literal(MODEL_RELEASE_PREDICATE, { description: 'What the predicate is.' }),
    predicate: ModelReleasePredicate,
  },
  { additionalProperties: false, description: 'A model release statement (in-toto v1).' },
);
export type ModelReleaseStatement = Static<typeof ModelReleaseStatement>;
