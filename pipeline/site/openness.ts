/**
 * An openness self-assessment of a model on the dimensions of the European
 * Open Source AI Index (availability, documentation, access), computed from
 * what the registry actually holds, each with the evidence for it.
 */
import type { ModelCard } from '../schemas/index.ts';

export type Level = 'open' | 'partial' | 'closed';

export interface OpennessRow {
  group: 'Availability' | 'Documentation' | 'Access' | 'Base model';
  dimension: string;
  level: Level;
  why: string;
  evidence: Array<{ label: string; href: string }>;
}

export interface OpennessInputs {
  card: ModelCard;
  /** Share of the dataset's works whose full text is public (display-full). */
  fullTextShare: number;
  /** Where things are, as site links; code and docs only when the co-op names its repository (no link is better than one that points elsewhere). */
  links: { dataset: string; code?: string; docs?: string; card: string; weights?: string; governance: string; demo?: string };
}

/** Every dimension for `card`, in the index's order, the base model's own last. */
export function assessOpenness({ card, fullTextShare, links }: OpennessInputs): OpennessRow[] {
  return [...availabilityRows(card, fullTextShare, links), ...documentationRows(card, links), ...accessRows(links), ...baseModelRows(card, links.governance)];
}

/** Training code, training data and weights: what anyone can have. */
function availabilityRows(card: ModelCard, fullTextShare: number, links: OpennessInputs['links']): OpennessRow[] {
  return [
    {
      group: 'Availability',
      dimension: 'Training code',
      level: 'open',
      why: `The pipeline that built this model is open source (${card.trainer}); the co-op repository pins its version.`,
      evidence: links.code ? [{ label: 'pinned pipeline version', href: links.code }] : [],
    },
    {
      group: 'Availability',
      dimension: card.kind === 'shared' ? 'Training data' : 'Fine-tuning data',
      level: fullTextShare >= 0.999 ? 'open' : 'partial',
      why: `Every work is listed with its hash, contributor and provenance; ${Math.round(fullTextShare * 100)}% of the works are public in full, as their writers allowed. Trainers working for the co-op get the rest by export.`,
      evidence: [{ label: `dataset ${card.dataset}`, href: links.dataset }],
    },
    weightsRow(card, links),
  ];
}

/**
 * Open when the weights are published and linked (on this site, or as the co-op's Release); partial
 * when the card lets them be published but the co-op names no repository to link them in; else closed.
 */
function weightsRow(card: ModelCard, links: OpennessInputs['links']): OpennessRow {
  const weightsOpen = card.weights.published && !!links.weights;
  const format = card.architecture.type === 'char-transformer' ? 'TensorFlow.js format' : 'safetensors';
  return {
    group: 'Availability',
    dimension: 'Model weights',
    level: weightsOpen ? 'open' : card.weights.published ? 'partial' : 'closed',
    why: weightsOpen
      ? `The weights are published (${format}) with their sha256.`
      : card.weights.published
        ? `The weights may be published (${format}, with their sha256 on the card) as a Release of the co-op's repository, but coop.yaml names no repository, so this site cannot link them.`
        : `The weights are not published (${card.status}${card.statusReason ? `: ${card.statusReason}` : ''}).`,
    evidence: weightsOpen ? [{ label: links.weights!.split('/').at(-1)!, href: links.weights! }] : [{ label: 'model card', href: links.card }],
  };
}

/** Code documentation, the training run, the model card, the datasheet and a paper. */
function documentationRows(card: ModelCard, links: OpennessInputs['links']): OpennessRow[] {
  return [
    {
      group: 'Documentation',
      dimension: 'Code documentation',
      level: 'open',
      why: 'Architecture, contributing and governance guides are in the repository.',
      evidence: links.docs ? [{ label: 'docs', href: links.docs }] : [],
    },
    trainingRunRow(card, links.card),
    { group: 'Documentation', dimension: 'Model card', level: 'open', why: 'This page, generated from the registry record of the run.', evidence: [{ label: 'model card', href: links.card }] },
    {
      group: 'Documentation',
      dimension: 'Datasheet',
      level: 'open',
      why: 'Every dataset version has a page with its composition, consent and changes.',
      evidence: [{ label: 'dataset page', href: links.dataset }],
    },
    { group: 'Documentation', dimension: 'Paper or preprint', level: 'closed', why: 'No peer-reviewed paper or preprint describes this model.', evidence: [] },
  ];
}

/** Open when the run happened here (the card records its hardware); partial when its trainer only declared it. */
function trainingRunRow(card: ModelCard, cardLink: string): OpennessRow {
  return {
    group: 'Documentation',
    dimension: 'Hardware and training run',
    level: card.trainedElsewhere ? 'partial' : 'open',
    why: card.trainedElsewhere
      ? `Trained elsewhere; its trainer declared: ${card.trainedElsewhere.declared} Evaluated here on ${card.backend.name}.`
      : `Backend ${card.backend.name} on ${card.backend.cpu} (${card.backend.cores} cores), ${card.trainingSeconds} s, ${card.tokensSeen.toLocaleString('en')} tokens.`,
    evidence: [{ label: 'model card', href: cardLink }],
  };
}

/** The licence, and whether there is a package, an API or a demo. */
function accessRows(links: OpennessInputs['links']): OpennessRow[] {
  return [
    {
      group: 'Access',
      dimension: 'Licence',
      level: 'partial',
      why: 'Use is governed by the contributor agreement and the use-case register, not by an OSI-approved licence.',
      evidence: [{ label: 'governance', href: links.governance }],
    },
    {
      group: 'Access',
      dimension: 'Package or API',
      level: links.demo ? 'partial' : 'closed',
      why: links.demo ? 'No package or API; an in-browser demo runs the published weights.' : 'No package, API or demo.',
      evidence: links.demo ? [{ label: 'try the model', href: links.demo }] : [],
    },
  ];
}

const BASE_DIMENSIONS: Array<[keyof NonNullable<ModelCard['foundation']>['openness'], string]> = [
  ['dataSources', 'Training data'],
  ['weights', 'Weights'],
  ['trainingCode', 'Training code'],
  ['paper', 'Paper or report'],
  ['card', 'Model card'],
  ['licence', 'Licence'],
];

/** The open base model's own openness, from its record as the card copied it: the soil the model grew in. */
function baseModelRows(card: ModelCard, governance: string): OpennessRow[] {
  const f = card.foundation;
  if (!f) return [];
  return BASE_DIMENSIONS.flatMap(([key, dimension]) => {
    const d = f.openness[key];
    if (!d) return [];
    return [
      {
        group: 'Base model' as const,
        dimension: `${f.name}: ${dimension.toLowerCase()}`,
        level: d.level,
        why: d.evidence,
        evidence: [{ label: d.url ? 'evidence' : 'base-model record', href: d.url ?? `${governance}#base-model-${f.id}` }],
      },
    ];
  });
}
