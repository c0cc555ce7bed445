import { Type, type Static } from '@sinclair/typebox';
import { OPENNESS_LEVELS } from './base-model.ts';
import { describe, Handle, Sha256, SchemaVersion, Slug, StringEnum } from './common.ts';
import { DatasetId } from './dataset.ts';
import { TrainingProfile } from './policy.ts';

const Num = (description: string) => Type.Number({ description });
const Int = (description: string) => Type.Integer({ minimum: 0, description });
/** A model version: 12 hex digits of the hash over its recipe (dataset, config, base, trainer). */
export const ModelVersion = Type.String({
  pattern: '^m-[0-9a-f]{12}$',
  description: 'Model version: "m-" and 12 hex digits of the hash over its recipe (kind, member, dataset, config, base model, trainer version).',
});

const LossFigures = Type.Object(
  { loss: Num('Mean cross-entropy, nats per character.'), bitsPerChar: Num('Bits per character.'), characters: Int('Characters scored.') },
  { additionalProperties: false, description: 'Loss on held-out text.' },
);

export const MODEL_STATUSES = ['current', 'superseded', 'held-back', 'retired'] as const;

/** A model card: `registry/models/<version>.json` (Model Cards for Model Reporting, with Hugging Face card fields). */
export const ModelCard = Type.Object(
  {
    schemaVersion: SchemaVersion,
    version: ModelVersion,
    kind: StringEnum(['shared', 'allotment'], { description: "shared: the co-op's model; allotment: one member's own model." }),
    member: Type.Optional(describe(Handle, 'For an allotment, whose it is.')),
    baseModel: Type.Union([ModelVersion, Type.Null()], { description: 'The model it was fine-tuned from (allotments start from the shared model); null when trained from scratch.' }),
    dataset: describe(DatasetId, 'The dataset it was trained on.'),
    trainer: Type.String({ description: 'Name and version of the training code.' }),
    architecture: Type.Object(
      {
        type: StringEnum(['char-transformer', 'gpt2', 'llama'], {
          description: "char-transformer: Commonplace's decoder-only transformer over Unicode code points; gpt2 or llama: an open checkpoint of that family, over its own tokenizer's tokens.",
        }),
        parameters: Int('Parameters of the model (for an adapter, of the model it sits on; the adapter is counted under adapter).'),
        vocabulary: Int("Symbols in the vocabulary (a char-transformer: code points of the dataset, an unknown symbol and a work boundary; a checkpoint: its tokenizer's tokens)."),
        flopsPerToken: Int('Forward-pass FLOPs per token of the matrix products.'),
      },
      { additionalProperties: false, description: 'What the model is.' },
    ),
    foundation: Type.Optional(
      Type.Object(
        {
          id: describe(Slug, 'The base-model record: governance/base-models/<id>.yaml.'),
          name: Type.String({ description: 'The base model as its makers name it.' }),
          recordSha256: Sha256('sha256 of the base-model record as it stood when this model was trained.'),
          adoptedBy: Type.String({ description: 'The decision that adopted the record.' }),
          licence: Type.String({ description: 'Licence of the base weights.' }),
          licenceUrl: Type.Optional(Type.String({ description: 'The licence text.' })),
          trainedOn: Type.Object(
            {
              summary: Type.String({ description: 'What the base model was trained on, as its makers say.' }),
              links: Type.Array(
                Type.Object({ title: Type.String({ description: 'What the link is.' }), url: Type.String({ description: 'Where.' }) }, { additionalProperties: false, description: 'A link.' }),
                { description: 'Where that data is described.' },
              ),
            },
            { additionalProperties: false, description: 'What the base model learned from.' },
          ),
          openness: Type.Record(
            Type.String(),
            Type.Object(
              { level: StringEnum(OPENNESS_LEVELS, { description: 'open, partial or closed.' }), evidence: Type.String(), url: Type.Optional(Type.String()) },
              { additionalProperties: false },
            ),
            { description: "The base model's openness on the EU Open Source AI Index's dimensions, from its record." },
          ),
          weightsSha256: Sha256('sha256 of the base weights (model.safetensors) the fine-tune started from.'),
        },
        { additionalProperties: false, description: 'The open base model the co-op fine-tuned (the soil the model grew in), copied from its record when the model was trained.' },
      ),
    ),
    adapter: Type.Optional(
      Type.Object(
        {
          rank: Int('Rank of each adapter.'),
          alpha: Num('Scale: alpha / rank multiplies the adapter.'),
          targets: Type.Array(Type.String(), { description: 'The matrices (by the end of their names) that carry an adapter.' }),
          parameters: Int('Numbers in the adapter: all that was trained.'),
        },
        {
          additionalProperties: false,
          description: "A LoRA adapter instead of a full copy: a member's over baseModel (policy training.allotments), the shared model's over the foundation (policy training.base.method).",
        },
      ),
    ),
    allotmentScale: Type.Optional(
      Type.Object(
        {
          characters: Int("Characters the member's own dataset trains on."),
          fullAtCharacters: Int("The policy's training.allotmentScaling.fullAtCharacters: from this many, the full allotment recipe."),
          share: Num('characters / fullAtCharacters, at most 1: the steps were scaled by it, the learning rate by its square root, an adapter rank by it (to a power of two).'),
        },
        { additionalProperties: false, description: "How a member's own model was sized to what they gave (policy training.allotmentScaling)." },
      ),
    ),
    trainedElsewhere: Type.Optional(
      Type.Object(
        {
          declared: Type.String({ description: 'The recipe and where it ran, as the trainer declared it (register-model --trainer).' }),
          registered: Type.String({ format: 'date-time', description: 'When it was registered here (UTC).' }),
        },
        { additionalProperties: false, description: 'A model trained outside this pipeline and registered with register-model: evaluated, audited and gated here.' },
      ),
    ),
    config: Type.Optional(
      describe(
        TrainingProfile,
        "The training profile used (from governance/policy.yaml; for a fine-tuned checkpoint, training.base with the checkpoint's layers, width and heads, and context in its tokens). Absent for a model trained elsewhere, whose recipe is what its trainer declared.",
      ),
    ),
    steps: Int('Optimisation steps run for this model (0 for a model trained elsewhere).'),
    profile: StringEnum(['cpu', 'gpu'], { description: 'Which policy profile.' }),
    backend: Type.Object(
      {
        name: StringEnum(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'], { description: 'The TensorFlow.js backend that ran.' }),
        reason: Type.String({ description: 'Why this backend (what was asked, what was missing).' }),
        cpu: Type.String({ description: 'CPU model.' }),
        cores: Int('CPU cores.'),
        memoryGiB: Int('Memory.'),
        workers: Type.Optional(Int('Worker threads that computed the gradients (CPU backends); the weights do not depend on it.')),
        doctor: Type.Optional(Type.String({ description: 'What `commonplace-coop doctor` said of the machine before training: the backend it expected and why.' })),
        adapter: Type.Optional(
          Type.Object(
            {
              vendor: Type.String({ description: 'Who made it, as the adapter says (e.g. nvidia, amd, intel, apple, mesa).' }),
              architecture: Type.String({ description: 'Its architecture, as the adapter says (e.g. ada, rdna-3, software).' }),
              device: Type.String({ description: 'The device name the adapter gives.' }),
              description: Type.String({ description: 'The driver’s description of it.' }),
              software: Type.Boolean({ description: 'A software adapter (llvmpipe, lavapipe, SwiftShader): a CPU computing as a GPU.' }),
            },
            { additionalProperties: false, description: 'The WebGPU adapter the model trained on, as it describes itself (backend webgpu).' },
          ),
        ),
      },
      { additionalProperties: false, description: 'Backend and hardware.' },
    ),
    started: Type.String({ format: 'date-time', description: 'When training started (UTC).' }),
    finished: Type.String({ format: 'date-time', description: 'When training finished (UTC).' }),
    trainingSeconds: Num('Wall-clock seconds of training (without evaluation).'),
    tokensSeen: Int('Tokens (characters) processed in training.'),
    tokensPerSecond: Num('Training throughput.'),
    lossCurve: Type.Array(
      Type.Object({ step: Int('Step.'), loss: Num('Mean training loss over the steps since the previous point.') }, { additionalProperties: false, description: 'A point of the curve.' }),
      {
        description: 'Training loss, averaged in buckets of steps.',
      },
    ),
    metrics: Type.Object(
      {
        validation: describe(LossFigures, 'On the validation split of the dataset.'),
        perContributor: Type.Record(Type.String(), LossFigures, { description: 'Validation figures by contributor (those with validation works).' }),
        unigramBaseline: describe(LossFigures, 'A unigram model of the training text on the same validation text: the model should be well below it.'),
        sharedModel: Type.Optional(describe(LossFigures, 'For an allotment: the shared model it started from, on the same held-out works, so a member sees what their own plot adds.')),
        keptStep: Type.Optional(
          Type.Object(
            {
              step: Int('The step whose weights were kept: 0 when no step of training did better than the starting point.'),
              of: Int('Steps trained.'),
              every: Int('Held-out works were scored every this many steps, and after the last.'),
            },
            {
              additionalProperties: false,
              description: "For an allotment: the step, the starting point included, whose weights did best on the member's held-out works; those are the weights published.",
            },
          ),
        ),
        validationWorks: Int('Works in the validation split.'),
      },
      { additionalProperties: false, description: 'Evaluation.' },
    ),
    samples: Type.Array(
      Type.Object(
        {
          prompt: Type.String({ description: 'The prompt.' }),
          text: Type.String({ description: 'What the model wrote.' }),
          temperature: Num('Sampling temperature.'),
          seed: Int('Sampling seed.'),
          source: Type.Optional(Type.String({ description: 'Where the prompt came from: "policy", or "held-out work <hash>" (its opening words).' })),
        },
        { additionalProperties: false, description: 'A sample.' },
      ),
      { description: 'Samples from fixed prompts with fixed seeds; removed when the model is retired because it was trained on withdrawn writing.' },
    ),
    memorisation: Type.Object(
      {
        promptChars: Int('Longest prompt: the opening characters of each work (a short work gets a third of its length).'),
        generatedChars: Int('Characters generated greedily after each prompt.'),
        extractionChars: Int('A run this long from its own work counts as an extraction (for a shorter work, everything after its prompt).'),
        minTargetChars: Int('A work needs at least this many characters after its prompt to be audited.'),
        worksAudited: Int('Training works audited.'),
        shortWorksAudited: Int('Of those, works shorter than a full prompt plus an extraction, audited with a prompt scaled to their length.'),
        worksTooShort: Int('Works too short to audit at all.'),
        extracted: Int('Works extracted.'),
        wholeWorks: Int('Short works reproduced whole: everything after the prompt, verbatim.'),
        extractionRate: Num('Share of audited works extracted.'),
        maxVerbatimOwn: Int('Longest run reproduced from the prompted work.'),
        maxVerbatimTraining: Int('Longest run reproduced from anywhere in the training set.'),
        distribution: Type.Array(
          Type.Object(
            { from: Int('Shortest run in the bucket.'), to: Type.Union([Type.Integer(), Type.Null()], { description: 'Longest, or null for no limit.' }), works: Int('Works.') },
            { additionalProperties: false, description: 'A bucket.' },
          ),
          { description: 'Works by longest run from their own text.' },
        ),
        worst: Type.Array(
          Type.Object(
            {
              hash: Type.String({ description: 'Work hash.' }),
              contributor: Handle,
              verbatimOwn: Int('Longest run from its own text.'),
              verbatimTraining: Int('Longest run from the training set.'),
              excerpt: Type.Optional(Type.String({ description: 'The reproduced text, only when the writer allows excerpts; removed if the work is withdrawn.' })),
            },
            { additionalProperties: false, description: 'A worst case.' },
          ),
          { description: 'Worst cases, as lengths and work hashes.' },
        ),
        sampled: Type.Optional(
          Type.Object(
            {
              samples: Int('Continuations drawn per audited work.'),
              temperature: Num('Sampling temperature, the same as for the samples on the card.'),
              extracted: Int('Works of which some sample repeats the extraction length of its own text (the greedy rule).'),
              extractionRate: Num('Share of audited works some sample extracts.'),
              verbatimLimit: Int('The policy limit on a verbatim run (release.maxVerbatimChars).'),
              overVerbatimLimit: Int('Works of which some sample repeats at least the verbatim limit of its own text.'),
              overVerbatimLimitRate: Num('Share of audited works some sample repeats past the verbatim limit.'),
              maxVerbatimOwn: Int('Longest run any sample repeats from its prompted work.'),
            },
            { additionalProperties: false, description: 'Sampled extraction.' },
          ),
        ),
        gate: Type.Object(
          {
            maxVerbatimChars: Int('Policy limit on the longest run.'),
            maxExtractionRate: Num('Policy limit on the extraction rate.'),
            maxWholeWorks: Int('Policy limit on short works reproduced whole.'),
            maxSampledExtractionRate: Type.Optional(Num('Policy limit on the sampled extraction rate, when it gates.')),
            publishWithoutGain: Type.Optional(
              Type.Boolean({ description: "Present and false when the policy holds back a member's own model that did no better than the shared model (release.publishAllotmentsWithoutGain)." }),
            ),
            passed: Type.Boolean({ description: 'Whether the model passed; a model that fails is held back.' }),
          },
          { additionalProperties: false, description: 'The release gate from the policy.' },
        ),
      },
      { additionalProperties: false, description: 'The memorisation audit.' },
    ),
    intendedUses: Type.Array(
      Type.Object(
        { useCase: Type.String({ description: 'Use-case slug.' }), title: Type.String({ description: 'Its title.' }), decision: Type.String({ description: 'Decision that approved it.' }) },
        { additionalProperties: false, description: 'An approved use.' },
      ),
      {
        description: 'Approved use cases covering this kind of model.',
      },
    ),
    outOfScopeUses: Type.Array(Type.String(), { description: 'Uses refused or never approved.' }),
    publicDemo: Type.Boolean({ description: 'Whether the site may offer an in-browser demo (an approved use case allows it, and the model is current).' }),
    status: StringEnum(MODEL_STATUSES, {
      description: 'current, superseded (a newer model of its lineage is current), held-back (failed the release gate) or retired (trained on writing since withdrawn).',
    }),
    statusReason: Type.Optional(Type.String({ description: 'Why it is held back, superseded or retired.' })),
    weights: Type.Object(
      {
        files: Type.Array(
          Type.Object(
            {
              path: Type.String({ description: 'Path under the co-op root (artifacts/models/<version>/…).' }),
              sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'sha256 of the file.' }),
              bytes: Int('Size.'),
            },
            { additionalProperties: false, description: 'A file.' },
          ),
          { description: "Saved model files: the tfjs layers format and tokenizer (char-transformer), the checkpoint's files (gpt2, llama) or adapter.safetensors (an adapter)." },
        ),
        weightsSha256: Type.String({
          pattern: '^[0-9a-f]{64}$',
          description: 'sha256 of the weights (weights.bin, model.safetensors or adapter.safetensors): equal for equal training on CPU backends.',
        }),
        published: Type.Boolean({ description: 'Whether the weights may be published (false once retired or held back).' }),
      },
      { additionalProperties: false, description: 'The weights.' },
    ),
  },
  { additionalProperties: false, description: 'A model card.' },
);
export type ModelCard = Static<typeof ModelCard>;

/** `registry/models/index.json`: every model, in training order. */
export const ModelIndex = Type.Object(
  {
    schemaVersion: SchemaVersion,
    models: Type.Array(
      Type.Object(
        { version: ModelVersion, kind: StringEnum(['shared', 'allotment'], { description: 'Kind.' }), member: Type.Optional(describe(Handle, 'Owner of an allotment.')) },
        { additionalProperties: false, description: 'A model.' },
      ),
      { description: 'Models, oldest first.' },
    ),
  },
  { additionalProperties: false, description: 'The model registry index.' },
);
export type ModelIndex = Static<typeof ModelIndex>;
