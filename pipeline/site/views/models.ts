/** Every model card with its label, owner, openness assessment and whether the site publishes it for the demo. Pure. */
import { displayOf } from '../../consent/index.ts';
import { releaseTag } from '../../github/index.ts';
import type { DatasetManifest, ModelCard } from '../../schemas/index.ts';
import { assessOpenness, type OpennessInputs } from '../openness.ts';
import type { ModelView } from '../view-types.ts';
import { byNewest, type ViewContext } from './context.ts';

/** The model the "Try the model" page runs: the newest current shared model whose card asks for a public demo and whose weights are published. */
export function demoModelOf(cards: readonly ModelCard[]): ModelCard | undefined {
  return [...cards].reverse().find((c) => c.kind === 'shared' && c.status === 'current' && c.publicDemo && c.weights.published);
}

/** Models newest first; `repository` is the co-op's repository, for the openness rows' code and docs links. */
export function modelViews(
  cards: readonly ModelCard[],
  datasets: readonly DatasetManifest[],
  demoModel: ModelCard | undefined,
  repository: string | undefined,
  { identities, modelLabels }: ViewContext,
): ModelView[] {
  return byNewest(cards).map((card) => {
    const dataset = datasets.find((d) => d.id === card.dataset);
    const demo = demoModel?.version === card.version;
    const links = opennessLinks(card, demo, repository);
    return {
      card,
      label: modelLabels.get(card.version)!,
      demo,
      ...(card.member ? { owner: identities.get(card.member) } : {}),
      ...(links.weights ? { weights: links.weights } : {}),
      openness: assessOpenness({ card, fullTextShare: fullTextShare(dataset), links }),
    };
  });
}

/** The share of a dataset's works whose writers let the site show them in full. */
function fullTextShare(dataset: DatasetManifest | undefined): number {
  return dataset ? dataset.works.filter((w) => displayOf(w.scopes, false) === 'full').length / Math.max(1, dataset.works.length) : 0;
}

function opennessLinks(card: ModelCard, demo: boolean, repo: string | undefined): OpennessInputs['links'] {
  return {
    dataset: `/datasets/${card.dataset}/`,
    // A co-op pins the pipeline's version in its package.json; the trainer's name and version are on the card.
    ...(repo ? { code: `${repo}/blob/main/package.json`, docs: `${repo}/tree/main/docs` } : {}),
    card: `/models/${card.version}/`,
    governance: '/governance/',
    ...(demo ? { weights: `/models/${card.version}/${card.architecture.type === 'char-transformer' ? 'model.json' : 'model.safetensors'}`, demo: '/try/' } : {}),
    // Every other published model's weights are its Release in the co-op's repository (`publish`).
    ...(!demo && card.weights.published && repo ? { weights: `${repo}/releases/tag/${releaseTag(card.version)}` } : {}),
  };
}
