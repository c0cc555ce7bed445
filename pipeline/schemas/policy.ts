import { Type, type Static, type TInteger, type TOptional } from '@sinclair/typebox';
import { DecisionId, SchemaVersion, Slug, StringEnum, describe } from './common.ts';

const Int = (min: number, max: number, description: string) => Type.Integer({ minimum: min, maximum: max, description });
const Num = (min: number, max: number, description: string) => Type.Number({ minimum: min, maximum: max, description });

/** One training profile: the size of the model and how it is trained. */
export const TrainingProfile = Type.Object(
  {
    layers: Int(1, 48, 'Number of transformer blocks.'),
    dModel: Int(8, 4096, 'Width of the model (embedding size).'),
    heads: Int(1, 64, 'Attention heads per block; must divide dModel.'),
    context: Int(8, 4096, 'Context length in characters.'),
    batch: Int(1, 1024, 'Sequences per training step.'),
    steps: Int(1, 1_000_000, 'Training steps for the shared model.'),
    allotmentSteps: Int(0, 1_000_000, "Fine-tuning steps for each member's own model."),
    learningRate: Num(0, 1, 'Peak learning rate (AdamW).'),
    allotmentLearningRate: Type.Optional(
      Num(
        0,
        1,
        "Peak learning rate for fine-tuning each member's own model from the shared one. Default: a tenth of learningRate (a from-scratch rate undoes what the shared model learnt before it finds the member's voice).",
      ),
    ),
    warmupSteps: Int(0, 1_000_000, 'Linear warm-up steps before cosine decay.'),
    weightDecay: Num(0, 1, 'AdamW decoupled weight decay.'),
    clipNorm: Num(0, 1000, 'Gradient clipping by global norm; 0 turns it off.'),
    seed: Int(0, 2 ** 31 - 1, 'Random seed for initialisation and batch order.'),
    microBatches: Type.Optional(
      Int(
        1,
        1024,
        "Equal parts each step's batch is split into (must divide batch); on CPU backends they are computed in parallel, one per worker thread, and combined in a fixed order, so the weights are the same whatever the number of workers. Default 1.",
      ),
    ),
  },
  { additionalProperties: false, description: 'A training profile.' },
);

/** How a model is fine-tuned from the one it starts from: a full copy, or LoRA adapters over it. */
export const FineTuneMethod = Type.Union(
  [
    Type.Object(
      { method: Type.Literal('full', { description: 'A full copy of the model it starts from, every weight fine-tuned.' }) },
      { additionalProperties: false, description: 'Full fine-tune.' },
    ),
    Type.Object(
      {
        method: Type.Literal('adapter', {
          description:
            "A LoRA adapter over the model it starts from (the base model, for the shared model; the shared model, for a member's): a small file, and far less memory to train; needs training.base.",
        }),
        rank: Int(1, 256, 'Rank of each adapter (e.g. 8).'),
        alpha: Type.Optional(Num(0, 4096, 'Scale of the adapter: alpha / rank multiplies it; default 2 × rank.')),
        targets: Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.]+$' }), {
          minItems: 1,
          maxItems: 16,
          uniqueItems: true,
          description: 'Which matrices get an adapter, by the end of their checkpoint name, e.g. [self_attn.q_proj.weight, self_attn.v_proj.weight] (Llama) or [attn.c_attn.weight] (GPT-2).',
        }),
      },
      { additionalProperties: false, description: 'LoRA adapter.' },
    ),
  ],
  { description: 'How a model is fine-tuned: full (a fine-tuned copy, the default) or adapter (LoRA).' },
);
export type FineTuneMethod = Static<typeof FineTuneMethod>;

/**
 * Fine-tuning an adopted base model (governance/base-models/<id>.yaml) instead of training from
 * scratch: the shape comes from the checkpoint; this is how it is trained.
 */
export const BaseTraining = Type.Object(
  {
    model: describe(Slug, 'The base model the shared model starts from: the id of governance/base-models/<id>.yaml, adopted by a decision.'),
    context: Int(8, 4096, "Context length in the base model's tokens (at most the checkpoint's own)."),
    batch: Int(1, 1024, 'Sequences per fine-tuning step.'),
    steps: Int(1, 1_000_000, 'Fine-tuning steps for the shared model.'),
    allotmentSteps: Int(0, 1_000_000, "Fine-tuning steps for each member's own model (full copy or adapter)."),
    learningRate: Num(0, 1, 'Peak learning rate (AdamW); fine-tunes want a small one, e.g. 0.0001.'),
    allotmentLearningRate: Type.Optional(Num(0, 1, "Peak learning rate for each member's own model (full copy or adapter). Default: learningRate, already a fine-tune's rate.")),
    warmupSteps: Int(0, 1_000_000, 'Linear warm-up steps before cosine decay.'),
    weightDecay: Num(0, 1, 'AdamW decoupled weight decay.'),
    clipNorm: Num(0, 1000, 'Gradient clipping by global norm; 0 turns it off.'),
    seed: Int(0, 2 ** 31 - 1, 'Random seed for batch order and adapters.'),
    microBatches: Type.Optional(
      Int(
        1,
        1024,
        "Equal parts each step's batch is split into (must divide batch), computed one after another and added up in a fixed order: a batch whose step does not fit in memory trains in parts (on wasm's 4 GB heap a 135M model's adapter step fits 1 × 128 tokens, not 2 × 128). Default 1.",
      ),
    ),
    method: Type.Optional(
      Type.Union(FineTuneMethod.anyOf, {
        description:
          'How the shared model is made from the base: full (every weight fine-tuned, the default) or adapter (LoRA over the base, which stays as adopted: fits a CPU where a full fine-tune does not).',
      }),
    ),
  },
  { additionalProperties: false, description: 'Fine-tuning the shared model from an adopted base model.' },
);
export type BaseTraining = Static<typeof BaseTraining>;

/** Members' own models sized to how much each member gave. */
export const AllotmentScaling = Type.Object(
  {
    fullAtCharacters: Int(
      1,
      1_000_000_000,
      "A member whose own dataset trains on at least this many characters gets the profile's allotmentSteps, allotment learning rate and adapter rank; one who gave less gets them scaled by their share s: steps × s (at least 1), learning rate × √s, adapter rank × s (rounded down to a power of two, at least 1).",
    ),
  },
  {
    additionalProperties: false,
    description:
      "Size each member's own model to how much they gave (a few pages overfit in a few steps). Unset: every member gets the same recipe. Only members' models change: the shared model's version stays.",
  },
);
export type AllotmentScaling = Static<typeof AllotmentScaling>;

/** The kinds of change a pull request can make; each may need its own number of board approvals. */
export const CHANGE_KINDS = ['donation', 'withdrawal', 'agreement', 'decision', 'use-case', 'policy', 'board', 'agreement-text', 'code'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
/** The kinds that change how the co-op is governed or run: they need the most approvals. */
export const WEIGHTIEST_KINDS: readonly ChangeKind[] = ['policy', 'board', 'agreement-text', 'code'];

/** The co-op's rules: `governance/policy.yaml`. Changing it needs a decision. */
export const Policy = Type.Object(
  {
    schemaVersion: SchemaVersion,
    adoptedBy: describe(DecisionId, 'The accepted decision that adopted this version of the policy.'),
    review: Type.Object(
      {
        approvalsToMerge: Int(1, 20, 'Board approvals a donation needs before it may be merged (and any kind of change not listed under approvals).'),
        approvals: Type.Optional(
          Type.Object(
            Object.fromEntries(CHANGE_KINDS.map((k) => [k, Type.Optional(Int(0, 20, `Board approvals a pull request that is a ${k} change needs.`))])) as Record<ChangeKind, TOptional<TInteger>>,
            {
              additionalProperties: false,
              description: `Approvals by kind of change (${CHANGE_KINDS.join(', ')}); a pull request of several kinds needs the most of them. Policy, board, agreement-text and code changes must need the most.`,
            },
          ),
        ),
      },
      { additionalProperties: false, description: 'How donations are reviewed.' },
    ),
    decisions: Type.Object(
      {
        quorum: Num(0, 1, 'Share of the serving board that must vote (for, against or abstain) for a decision to count, e.g. 0.5.'),
        passThreshold: Num(0, 1, 'Share of for-votes among for+against needed to pass, e.g. 0.5; a tie never passes.'),
      },
      { additionalProperties: false, description: 'How board decisions are made.' },
    ),
    dataset: Type.Object(
      {
        validationRatio: Num(0, 0.5, 'Share of works held out for validation (by work hash).'),
        minValidationWorks: Int(0, 1000, 'At least this many works are held out, however small the co-op.'),
      },
      { additionalProperties: false, description: 'How datasets are split.' },
    ),
    release: Type.Object(
      {
        maxVerbatimChars: Int(1, 100_000, "Longest verbatim run of a contributor's text a model may reproduce before it is held back."),
        maxExtractionRate: Num(0, 1, 'Largest share of training works the audit may extract verbatim before the model is held back.'),
        extractionChars: Int(
          1,
          100_000,
          'A continuation that repeats this many characters of its own work in a row counts as an extraction (for a work too short for that, everything after its prompt).',
        ),
        creditChars: Type.Optional(
          Int(8, 100_000, "Shortest run of characters the site marks in a model's output (try page, samples) as word for word from a donated work, with its credit; default: extractionChars."),
        ),
        maxWholeWorks: Type.Optional(Int(0, 100_000, 'How many short training works the model may reproduce whole (everything after the prompt) before it is held back; default 0.')),
        extractionSamples: Type.Optional(
          Int(
            0,
            64,
            "Sampled extraction: how many continuations of each audited work's prompt are drawn at the samples' temperature, beside the greedy one; the card reports the share of works some sample extracts. Default 4; 0 turns it off.",
          ),
        ),
        publishAllotmentsWithoutGain: Type.Optional(
          Type.Boolean({
            description:
              "Whether a member's own model that no step of training made better than the shared model on the member's held-out works (it is the shared model as it started) is published, saying its own plot adds nothing yet. Default true; false holds it back.",
          }),
        ),
        maxSampledExtractionRate: Type.Optional(
          Num(0, 1, 'Largest share of training works that sampled extraction may extract before the model is held back; unset, sampled extraction is reported but does not hold a model back.'),
        ),
      },
      { additionalProperties: false, description: 'Gates a model must pass before release.' },
    ),
    training: Type.Object(
      {
        profile: StringEnum(['cpu', 'gpu'], { description: 'Which profile the pipeline uses by default.' }),
        samplePrompts: Type.Optional(
          Type.Array(Type.String({ minLength: 1, maxLength: 80 }), {
            minItems: 1,
            maxItems: 8,
            description: "Prompts every model card shows samples from, in the co-op's language; without them, the opening words of held-out works that allow display.",
          }),
        ),
        base: Type.Optional(BaseTraining),
        allotments: Type.Optional(
          Type.Union(FineTuneMethod.anyOf, { description: "How members' own models are made from the shared model: full (a fine-tuned copy, the default) or adapter (LoRA)." }),
        ),
        allotmentScaling: Type.Optional(AllotmentScaling),
        profiles: Type.Object(
          { cpu: TrainingProfile, gpu: TrainingProfile },
          { additionalProperties: false, description: 'The CPU profile (small, minutes on a laptop) and the GPU profile (for the runner).' },
        ),
      },
      { additionalProperties: false, description: 'Training settings.' },
    ),
  },
  { additionalProperties: false, description: "The co-op's policy: review, decision, dataset, release and training rules." },
);
export type Policy = Static<typeof Policy>;
export type TrainingProfile = Static<typeof TrainingProfile>;
