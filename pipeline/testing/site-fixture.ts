import type { BaseModel } from '../schemas/index.ts';
/**
 * A small but complete co-op for site tests: named, pen-name, anonymous and
 * withdrawn writers (one who withdrew everything and asked not to be named
 * any more, one who stays named, one work withdrawn on its own); decisions
 * and a use case with a public demo; datasets and tiny trained models,
 * including ones retired by the withdrawals. One text and one title carry
 * markup-like characters, to prove they come out escaped.
 */
import { fileURLToPath } from 'node:url';
import { runScalingStudy } from '../study/scaling.ts';
import { registerModel } from '../train/register.ts';
import { coop } from './coop-builder.ts';
import { GitFixture } from './git-fixture.ts';
import { runStages, TINY } from './run-stages.ts';
import { withdrawFor } from './withdraw.ts';

/** Lines that identify each writer's text in the built site. */
export const TEXTS = {
  named: 'The ferry horn at six, and the gulls argue it back.\nMy grandmother counts the spoons twice.\n\nLow tide again: the river shows its keys.\n',
  penName: 'A lighthouse keeper collects lost gloves,\npegs them on the stair like a crowd waving.\n',
  anonymous: 'snow on the canal\nthe night bus lights it orange\nnobody waiting\n',
  withdrawn: 'Sam never did get the barbecue lit;\nthe sausages went back in the fridge, defeated.\n',
  keptName: 'Kit kept the allotment shed key on a bootlace\nuntil the lace gave out in the rain.\n',
  oneWork: 'The night ferry hums a low note under the deck\nthat only the dog seems to hear.\n',
  /** Markup-like characters that must reach the page as text. */
  markup: 'She wrote it on the jar: 3 < 4 & "jam" > \'marmalade\'.\nThe label peeled off in the steam.\n',
};

/** Titles that must not survive their works' withdrawal. */
export const WITHDRAWN_TITLES = ['The Barbecue', 'The Allotment Key', 'Night Ferry'];
/** A base model the fixture's board adopted (never fetched: the site shows the record). */
export const BASE_MODEL: BaseModel = {
  name: 'Pico <Base> & Co',
  format: 'huggingface',
  source: { url: 'https://example.org/pico/resolve/0123abc/' },
  files: [{ path: 'model.safetensors', sha256: 'a'.repeat(64), bytes: 270_000_000 }],
  licence: 'Apache-2.0',
  trainedOn: { summary: 'Public-domain books and open web text, as its makers describe.', links: [{ title: 'Dataset card', url: 'https://example.org/pico/data' }] },
  openness: {
    dataSources: { level: 'open', evidence: 'The training data is published.' },
    weights: { level: 'open', evidence: 'Weights under Apache-2.0.' },
    trainingCode: { level: 'partial', evidence: 'Scripts published, not the data pipeline.' },
    paper: { level: 'closed', evidence: 'No paper.' },
    card: { level: 'open', evidence: 'A full model card.', url: 'https://example.org/pico' },
    licence: { level: 'open', evidence: 'OSI-approved licence.' },
  },
  adoptedBy: '0001',
};

const LLAMA_TINY = fileURLToPath(new URL('../checkpoints/fixtures/llama-tiny/', import.meta.url));
/** How the trainer of the fixture's registered model declared it: markup-like, to prove it comes out escaped. */
export const DECLARED_ELSEWHERE = 'Tiny Llama, 2 epochs at <b>1e-4</b> & "bf16" on the Example Compute cluster';

/** Where the fixture co-op says its site is published. */
export const SITE_URL = 'https://test-coop.example.org/';

/** A title with markup-like characters. */
export const MARKUP_TITLE = 'Jam <i>& "Marmalade"</i>';

export async function siteFixture(): Promise<{ root: string; git: GitFixture }> {
  const root = await coop()
    .site(SITE_URL)
    .baseModel('pico', BASE_MODEL)
    .withPolicy({ training: { profiles: { cpu: { ...TINY, steps: 10, allotmentSteps: 2 } } }, release: { maxVerbatimChars: 500, extractionChars: 400, creditChars: 30 } })
    .decision('0002-public-demo', { affects: ['use-case:public-demo'] })
    .useCase('public-demo', { title: 'Public demo', publicDemo: true, decision: '0002' })
    .member('ana', { publicName: { display: 'name', name: 'Ana Okafor' } })
    .work('ana', 'low-tide', { title: 'Low Tide', body: TEXTS.named, scopes: ['train-shared', 'train-own', 'display-full'] })
    .work('ana', 'jam', { title: MARKUP_TITLE, body: TEXTS.markup, scopes: ['train-shared', 'display-full'] })
    .work('ana', 'night-ferry', { title: 'Night Ferry', body: TEXTS.oneWork, scopes: ['train-shared', 'display-full'] })
    .member('wren', { publicName: { display: 'pen-name', name: 'Wren' }, scopes: ['train-shared', 'display-excerpts'] })
    .work('wren', 'gloves', { title: 'The Glove Keeper', body: TEXTS.penName })
    .member('quiet-lantern', { publicName: { display: 'anonymous', name: undefined }, scopes: ['train-shared'] })
    .work('quiet-lantern', 'canal', { title: 'Canal Haiku', body: TEXTS.anonymous })
    .member('sam', { publicName: { display: 'name', name: 'Sam Whitlock' }, scopes: ['train-shared', 'display-full'] })
    .work('sam', 'barbecue', { title: 'The Barbecue', body: TEXTS.withdrawn })
    .member('kit', { publicName: { display: 'name', name: 'Kit Marlowe', keepAfterWithdrawal: true }, scopes: ['train-shared', 'display-full'] })
    .work('kit', 'allotment-key', { title: 'The Allotment Key', body: TEXTS.keptName })
    .write();
  const git = await GitFixture.init(root);
  await git.commitAll('Found the co-op');
  await runStages(root);
  await git.commitAll('Pipeline: first datasets and models');
  await withdrawFor(root, 'sam', { date: '2026-06-01' });
  await withdrawFor(root, 'kit', { date: '2026-06-02' });
  await withdrawFor(root, 'ana', { work: 'night-ferry', date: '2026-06-03' });
  await git.commitAll('Sam and Kit withdraw; Ana withdraws one work');
  const after = await runStages(root);
  await git.commitAll('Pipeline: after the withdrawals');
  // Ana's own model, trained elsewhere and brought back (a tiny Llama checkpoint).
  const anas = after.datasets.datasets.find((d) => d.kind === 'allotment' && d.member === 'ana');
  if (!anas) throw new Error('the fixture has no allotment dataset for ana');
  const registered = await registerModel({ check: after.check, dataset: anas.id, dir: LLAMA_TINY, trainer: DECLARED_ELSEWHERE, backend: 'wasm' });
  if (!registered.ok) throw new Error(`the fixture's registration failed: ${JSON.stringify(registered.problems)}`);
  await git.commitAll('Register a model trained elsewhere');
  const study = await runScalingStudy(root, { fractions: [0.5, 1], steps: 3, backend: 'wasm' });
  if (!study.ok) throw new Error(`the fixture's study failed: ${JSON.stringify(study.problems)}`);
  await git.commitAll('A scaling study');
  return { root, git };
}
