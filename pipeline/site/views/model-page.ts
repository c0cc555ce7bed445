/**
 * What a model's page shows, decided for it: its lineage, its architecture and training in
 * words, what a member's own model gained over the shared one, and the audit's worst cases with
 * writers named only as the site names them. Pure over the site's view.
 */
import type { ModelCard } from '../../schemas/index.ts';
import { toBits } from '../chart.ts';
import { formatNumber, formatSize } from '../format.ts';
import type { DatasetView, ModelView, SiteView } from '../view-types.ts';

export interface ModelPage {
  card: ModelCard;
  /** The memorisation audit. */
  audit: ModelCard['memorisation'];
  /** The open model it grew from, when the board adopted one. */
  foundation: ModelCard['foundation'];
  /** The dataset it was trained on, when the registry still has it. */
  dataset: DatasetView | undefined;
  /** The model it was fine-tuned from, when that is one of the co-op's. */
  base: ModelView | undefined;
  /** An open checkpoint (GPT-2, Llama), not Commonplace's character transformer. */
  checkpoint: boolean;
  /** What its context and throughput count. */
  unit: 'tokens' | 'characters';
  /** What an adapter sits on, and who trained it: the base model and the co-op (the shared model's), or the shared model and the member. */
  adapterSitsOn: string;
  adapterTrainedBy: string;
  /** How a member's model was sized to what they gave, in words, or '' when it was not. */
  sized: string;
  /** The file whose sha256 the card gives. */
  weightsFile: string;
  /** The file the demo loads it from. */
  mainFile: string;
  /** The download, in words: "1.8 MB". */
  size: string;
  /** "Decoder-only transformer over characters: 2 layers, …". */
  architecture: string;
  /** An allotment's loss beside the shared model's, in words ("0.120 lower: what their own plot adds"). */
  ownGain: string;
  /** For an allotment: which held-out works the comparison with the shared model uses, in words. */
  comparedOn: string;
  /** " 12 s, 3,400 characters per second.", or nothing for a model trained elsewhere. */
  runFigures: string;
  /** The training loss curve, in bits per character by step. */
  lossPoints: Array<{ x: number; y: number }>;
  /** Held-out figures by writer, each named as the site names them. */
  perContributor: Array<{ name: string; bitsPerChar: number; characters: number }>;
  /** The release gate's verdict, with why when the model is held back. */
  gate: string;
  /** What sampled extraction found, in words, or why there is no figure. */
  sampledAudit: string;
  /** The audit's worst cases, with the writer's name and, when no excerpt may be shown, why not. */
  worst: Array<ModelCard['memorisation']['worst'][number] & { writer: string; notShown: string }>;
}

/** The page of model `m` in `view`. */
export function modelPage(view: Pick<SiteView, 'identities' | 'datasetById' | 'modelByVersion'>, m: ModelView): ModelPage {
  const c = m.card;
  const who = (h: string) => view.identities.get(h);
  const checkpoint = c.architecture.type !== 'char-transformer';
  const unit = checkpoint ? 'tokens' : 'characters';
  return {
    card: c,
    audit: c.memorisation,
    foundation: c.foundation,
    dataset: view.datasetById.get(c.dataset),
    base: c.baseModel ? view.modelByVersion.get(c.baseModel) : undefined,
    checkpoint,
    unit,
    adapterSitsOn: c.kind === 'shared' ? 'the base model' : 'the shared model',
    adapterTrainedBy: c.kind === 'shared' ? 'the co-op' : 'the member',
    sized: sizedInWords(c),
    weightsFile: c.adapter ? 'adapter.safetensors' : checkpoint ? 'model.safetensors' : 'weights.bin',
    mainFile: checkpoint ? 'model.safetensors' : 'model.json',
    size: formatSize(c.weights.files.reduce((n, x) => n + x.bytes, 0)),
    architecture: architectureInWords(c),
    ownGain: ownGainInWords(c.metrics),
    comparedOn: comparedOnInWords(c.metrics.validationWorks, view.datasetById.get(c.dataset)?.manifest.split.rule),
    runFigures: c.trainedElsewhere ? '' : ` ${c.trainingSeconds} s, ${formatNumber(c.tokensPerSecond)} ${unit} per second.`,
    lossPoints: c.lossCurve.map((p) => ({ x: p.step, y: toBits(p.loss) })),
    perContributor: Object.entries(c.metrics.perContributor).map(([h, f]) => ({ name: who(h)?.name ?? 'a writer', bitsPerChar: f.bitsPerChar, characters: f.characters })),
    gate: c.memorisation.gate.passed ? 'passed' : `failed, so the model is held back${c.status === 'held-back' && c.statusReason ? `: ${c.statusReason}` : ''}`,
    sampledAudit: sampledAuditInWords(c.memorisation),
    worst: c.memorisation.worst.map((w) => ({
      ...w,
      writer: who(w.contributor)?.name ?? 'a writer',
      notShown: who(w.contributor)?.withdrawn ? 'not shown (withdrawn)' : 'not shown (no display consent)',
    })),
  };
}

/** The model's shape in one sentence: an open checkpoint's family and size, or the character transformer's layers and context. */
export function architectureInWords(c: Pick<ModelCard, 'architecture' | 'config'>): string {
  if (c.architecture.type !== 'char-transformer') {
    const family = c.architecture.type === 'gpt2' ? 'GPT-2' : 'Llama';
    const shape = c.config ? `${c.config.layers} layers, width ${c.config.dModel}, ${c.config.heads} heads; ` : '';
    return `An open ${family} checkpoint: ${shape}${formatNumber(c.architecture.parameters)} parameters, ${formatNumber(c.architecture.vocabulary)} tokens in its tokenizer.`;
  }
  return `Decoder-only transformer over characters: ${c.config?.layers} layers, width ${c.config?.dModel}, ${c.config?.heads} heads, context ${c.config?.context}; ${formatNumber(c.architecture.parameters)} parameters, ${c.architecture.vocabulary} symbols.`;
}

/**
 * The works an allotment and the shared model are compared on. Under split rule @2 and later,
 * the shared dataset holds out every work the writer's own dataset holds out; before it, the
 * shared model may have trained on some of them.
 */
export function comparedOnInWords(works: number, rule: string | undefined): string {
  const n = `${works} ${works === 1 ? 'work' : 'works'}`;
  const version = Number(/^hash-threshold@(\d+)/.exec(rule ?? '')?.[1] ?? 0);
  return version >= 2 ? `${n}, held out of both models' training` : `${n}; trained before the shared model also held these out, so it may have trained on some of them`;
}

/** How a member's own model did on their held-out writing beside the shared model it started from. */
export function ownGainInWords(metrics: Pick<ModelCard['metrics'], 'sharedModel' | 'validation' | 'keptStep'>): string {
  const own = metrics.sharedModel ? metrics.sharedModel.bitsPerChar - metrics.validation.bitsPerChar : 0;
  const kept = metrics.keptStep;
  if (kept?.step === 0)
    return `your own plot adds nothing yet: no step of ${kept.of} steps of training on it did better on this writing than the shared model, so this model is the shared model as it started`;
  const step = kept && kept.step < kept.of ? ` (the weights kept are those of step ${kept.step} of ${kept.of}, where it did best on this writing)` : '';
  return own > 0 ? `${own.toFixed(3)} lower: what their own plot adds${step}` : `${(-own).toFixed(3)} higher: on this writing their own model has not done better than the shared one`;
}

/** How an allotment was sized to what its member gave (training.allotmentScaling), in one sentence; '' for a model that was not. */
export function sizedInWords(c: Pick<ModelCard, 'allotmentScale' | 'steps' | 'config' | 'adapter'>): string {
  const s = c.allotmentScale;
  if (!s) return '';
  const gave = `${formatNumber(s.characters)} characters of writing to train on`;
  if (s.share >= 1) return `${gave}, at least the ${formatNumber(s.fullAtCharacters)} the policy asks for the full recipe: not scaled down.`;
  const rate = `the learning rate × ${Math.sqrt(s.share).toFixed(2)}`;
  const steps = c.config ? `${formatNumber(c.steps)} of ${formatNumber(c.config.allotmentSteps)} steps` : `${formatNumber(c.steps)} steps`;
  return `${gave}, ${(100 * s.share).toFixed(0)}% of the ${formatNumber(s.fullAtCharacters)} the policy asks for the full recipe, so ${steps}, ${rate}${c.adapter ? `, adapter rank ${c.adapter.rank}` : ''}: a little writing is learnt by heart in a few steps.`;
}

/** Sampled extraction in one sentence: how many works some sample repeated, past which length, and whether it gates. */
export function sampledAuditInWords(audit: Pick<ModelCard['memorisation'], 'sampled' | 'worksAudited' | 'gate'>): string {
  const s = audit.sampled;
  if (!s) return 'Not run for this model: its card predates sampled extraction, or the policy turned it off.';
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const works = (n: number) => `${n} ${n === 1 ? 'work' : 'works'}`;
  const gate = audit.gate.maxSampledExtractionRate === undefined ? 'reported, not a release gate' : `the policy allows ${pct(audit.gate.maxSampledExtractionRate)}`;
  return (
    `Each prompt was also continued ${s.samples} times at temperature ${s.temperature}, as the samples are: ${works(s.extracted)} of ${audit.worksAudited} (${pct(s.extractionRate)}) extracted by some sample, by the rule above (${gate}); ` +
    `${works(s.overVerbatimLimit)} (${pct(s.overVerbatimLimitRate)}) with a run past the ${s.verbatimLimit}-character verbatim limit; the longest run any sample repeated from its own work is ${s.maxVerbatimOwn} characters.`
  );
}
