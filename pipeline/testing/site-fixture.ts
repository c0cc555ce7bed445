/**
 * A small but complete co-op for site tests: named, pen-name, anonymous and
 * withdrawn writers; decisions and a use case with a public demo; datasets and
 * tiny trained models, including ones retired by the withdrawal.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { coop } from './coop-builder.ts';
import { GitFixture } from './git-fixture.ts';
import { runStages, TINY } from './run-stages.ts';

/** Lines that identify each writer's text in the built site. */
export const TEXTS = {
  named: 'The ferry horn at six, and the gulls argue it back.\nMy grandmother counts the spoons twice.\n\nLow tide again: the river shows its keys.\n',
  penName: 'A lighthouse keeper collects lost gloves,\npegs them on the stair like a crowd waving.\n',
  anonymous: 'snow on the canal\nthe night bus lights it orange\nnobody waiting\n',
  withdrawn: 'Sam never did get the barbecue lit;\nthe sausages went back in the fridge, defeated.\n',
};

export async function siteFixture(): Promise<{ root: string; git: GitFixture }> {
  const root = await coop()
    .withPolicy({ training: { profiles: { cpu: { ...TINY, steps: 10, allotmentSteps: 2 } } }, release: { maxVerbatimChars: 500, extractionChars: 400 } })
    .decision('0002-public-demo', { affects: ['use-case:public-demo'] })
    .useCase('public-demo', { title: 'Public demo', publicDemo: true, decision: '0002' })
    .member('ana', { publicName: { display: 'name', name: 'Ana Okafor' } })
    .work('ana', 'low-tide', { title: 'Low Tide', body: TEXTS.named, scopes: ['train-shared', 'train-own', 'display-full'] })
    .member('wren', { publicName: { display: 'pen-name', name: 'Wren' }, scopes: ['train-shared', 'display-excerpts'] })
    .work('wren', 'gloves', { title: 'The Glove Keeper', body: TEXTS.penName })
    .member('quiet-lantern', { publicName: { display: 'anonymous', name: undefined }, scopes: ['train-shared'] })
    .work('quiet-lantern', 'canal', { title: 'Canal Haiku', body: TEXTS.anonymous })
    .member('sam', { publicName: { display: 'name', name: 'Sam Whitlock' }, scopes: ['train-shared', 'display-full'] })
    .work('sam', 'barbecue', { title: 'The Barbecue', body: TEXTS.withdrawn })
    .write();
  const git = await GitFixture.init(root);
  await git.commitAll('Found the co-op');
  await runStages(root);
  await git.commitAll('Pipeline: first datasets and models');
  const agreement = path.join(root, 'governance/agreements/sam.yaml');
  await writeFile(agreement, `${await readFile(agreement, 'utf8')}withdrawn: 2026-06-01\n`);
  await git.commitAll('Sam withdraws');
  await runStages(root);
  await git.commitAll('Pipeline: after the withdrawal');
  return { root, git };
}
