import { Type, type Static } from '@sinclair/typebox';
import { DecisionId, Sha256, StringEnum, describe } from './common.ts';

export const OPENNESS_LEVELS = ['open', 'partial', 'closed'] as const;

const Evidence = (what: string) =>
  Type.Object(
    {
      level: StringEnum(OPENNESS_LEVELS, { description: `How open the model's ${what} is: open, partial or closed.` }),
      evidence: Type.String({ minLength: 1, maxLength: 1000, description: `Why, in a sentence: what is published about the ${what}, or what is missing.` }),
      url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', description: 'Where the evidence can be checked.' })),
    },
    { additionalProperties: false, description: `The openness of the ${what}, with evidence.` },
  );

/**
 * A base model the board adopted: `governance/base-models/<id>.yaml`. Its provenance is a consent
 * question too: what it was trained on, under which licence, how open it is. Its files are
 * fetched into artifacts/ and checked against the sha256 pinned here before any use.
 */
export const BaseModel = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, description: 'The model as its makers name it, e.g. SmolLM2-135M.' }),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'What it is, in plain words.' })),
    format: StringEnum(['huggingface'], { description: "huggingface: config.json, model.safetensors and tokenizer.json in Hugging Face's layout (the GPT-2 or Llama family)." }),
    source: Type.Union(
      [
        Type.Object(
          {
            url: Type.String({
              format: 'uri',
              pattern: '^https://',
              description: "Address each file is fetched from, the file's name appended: pin a revision, e.g. https://huggingface.co/HuggingFaceTB/SmolLM2-135M/resolve/<commit>/",
            }),
          },
          { additionalProperties: false },
        ),
        Type.Object(
          { path: Type.String({ minLength: 1, maxLength: 1000, description: 'A folder on the machine that trains holding the files (absolute, or relative to the co-op root).' }) },
          { additionalProperties: false },
        ),
      ],
      { description: 'Where the files come from: a url, or a local path.' },
    ),
    files: Type.Array(
      Type.Object(
        {
          path: Type.String({ pattern: '^[A-Za-z0-9_-][A-Za-z0-9._-]*$', maxLength: 200, description: 'File name, as in the source (no folders).' }),
          sha256: Sha256('sha256 of the file: a fetched file that differs is refused.'),
          bytes: Type.Optional(Type.Integer({ minimum: 0, description: 'Size in bytes, for the download size the site shows.' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100, description: 'Every file the model needs, each pinned by its sha256.' },
    ),
    licence: Type.String({ minLength: 1, maxLength: 200, description: 'The licence of the weights (an SPDX identifier where there is one, e.g. Apache-2.0).' }),
    licenceUrl: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', description: 'The licence text.' })),
    trainedOn: Type.Object(
      {
        summary: Type.String({ minLength: 1, maxLength: 2000, description: 'What it was trained on, as its makers say.' }),
        links: Type.Array(
          Type.Object(
            { title: Type.String({ minLength: 1, maxLength: 200, description: 'What the link is.' }), url: Type.String({ format: 'uri', pattern: '^https?://', description: 'Where.' }) },
            { additionalProperties: false },
          ),
          { maxItems: 20, description: 'Where the training data is described or published.' },
        ),
      },
      { additionalProperties: false, description: 'What the base model learned from.' },
    ),
    openness: Type.Object(
      {
        dataSources: Evidence('training data'),
        weights: Evidence('weights'),
        trainingCode: Evidence('training code'),
        paper: Evidence('paper or technical report'),
        card: Evidence('model card'),
        licence: Evidence('licence'),
      },
      { additionalProperties: false, description: "Openness on the European Open Source AI Index's dimensions for a base model." },
    ),
    adoptedBy: describe(DecisionId, 'The accepted decision that adopted this record: it lists this file, by sha256, under adopts.'),
  },
  { additionalProperties: false, description: 'A base model the co-op may fine-tune from.' },
);
export type BaseModel = Static<typeof BaseModel>;
