import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkCoop } from '../check/index.ts';
import { exportFiles, normalizedText } from '../dataset/index.ts';
import { uncommittedPaths } from '../git/index.ts';
import type { GitHubContext } from '../github/index.ts';
import { error, type Problem } from '../problems.ts';
import type { CheckedCoop } from '../records/types.ts';
import { DATASETS_DIR, DatasetRegistry, MODELS_DIR, readModelRegistry } from '../registry/index.ts';
import type { DatasetManifest, ModelCard } from '../schemas/index.ts';
import { takeInOutput } from './intake.ts';
import { commitRegistry, type RegistryCommitResult } from './registry-commit.ts';
import { downloadAsset, publishedAssets, releaseTag, retireRelease, syncRelease, type ReleaseOutcome } from '../github/index.ts';
import { validateRecord, ModelReleaseStatement } from '../schemas/index.ts';
import { assetName, CARD_ASSET, MANIFEST_ASSET, STATEMENT_ASSET, statementBytes } from './statement.ts';
import { ledgerAt, newlyRetired } from './withdrawals-on-main.ts';
import { sha256 } from '../hash/index.ts';

export interface PublishResult {
  ok: boolean;
  registry?: RegistryCommitResult;
  releases: Array<{ tag: string; outcome: ReleaseOutcome | 'skipped'; why?: string }>;
  problems: Problem[];
}

export { releaseTag } from '../github/index.ts';

/** The note a retired model's release keeps, the same every time (so re-running changes nothing). */
export const retiredNote = (card: ModelCard) =>
  `Retired: ${card.statusReason ?? 'retired'}. Its weights and everything it wrote were deleted; its model card stays in the registry (${MODELS_DIR}/${card.version}.json).`;

function releaseBody(card: ModelCard, info: CheckedCoop['info']['value'], exportNote: string): string {
  const site = info.siteUrl ? `${info.siteUrl.replace(/\/$/, '')}/models/${card.version}/` : undefined;
  return [
    `${card.kind === 'shared' ? 'The shared model' : 'A member’s own model'} of ${info.name}, version \`${card.version}\`, trained on dataset \`${card.dataset}\`.`,
    '',
    `- Held-out loss: ${card.metrics.validation.bitsPerChar.toFixed(3)} bits per character (a unigram model: ${card.metrics.unigramBaseline.bitsPerChar.toFixed(3)}).`,
    `- Memorisation audit: longest verbatim run ${card.memorisation.maxVerbatimTraining} characters; release gate passed.`,
    `- Uses: only those the co-op's board approved (see the model card, \`card.json\`).`,
    `- ${exportNote}`,
    `- Proof: \`${STATEMENT_ASSET}\` binds the weights' sha256 to the card, the dataset manifest, the approvals on record and the source commit. Download every file into one folder and run \`npx commonplace-coop verify-release <folder>\`.`,
    ...(site ? ['', `The model's page: ${site}`] : []),
    '',
    'If a writer withdraws, this release loses its files and says so. Do not keep copies of them.',
  ].join('\n');
}

async function modelAssets(root: string, card: ModelCard): Promise<Map<string, Buffer> | string> {
  const assets = new Map<string, Buffer>();
  for (const f of card.weights.files) {
    const data = await readFile(path.join(root, f.path)).catch(() => undefined);
    if (!data) return `its weights are not here (${f.path}): publish where the pipeline trained it`;
    if (sha256(data) !== f.sha256) return `${f.path} does not match the sha256 on its card`;
    assets.set(assetName(f), data);
  }
  assets.set(CARD_ASSET, await readFile(path.join(root, MODELS_DIR, `${card.version}.json`)));
  return assets;
}

/** The dataset export as release assets, when every text it holds is still here as it was. */
async function exportAssets(coop: CheckedCoop, dataset: DatasetManifest): Promise<Map<string, Buffer> | string> {
  const works = new Map(coop.works.map((w) => [w.file, w]));
  const texts = new Map<string, string>();
  for (const w of dataset.works) {
    const rec = w.path === undefined ? undefined : works.get(w.path);
    if (!rec || rec.hash !== w.hash) return 'the dataset export is not attached: some of its texts have changed or left since';
    texts.set(w.path!, await normalizedText(rec));
  }
  const files = exportFiles({
    dataset,
    texts,
    agreements: new Map([...coop.agreements].map(([h, a]) => [h, a.value])),
    licences: new Map(coop.works.filter((w) => w.value.licence).map((w) => [w.file, w.value.licence!])),
    info: coop.info.value,
    useCases: new Map([...coop.useCases].map(([s, u]) => [s, u.value])),
    policyDecision: coop.policy.value.adoptedBy,
  });
  const names: Record<string, string> = {
    'data/train.jsonl': 'train.jsonl',
    'data/validation.jsonl': 'validation.jsonl',
    'README.md': 'dataset-card.md',
    'datasheet.md': 'datasheet.md',
    'manifest.json': 'dataset-manifest.json',
  };
  return new Map([...files].map(([rel, text]) => [names[rel] ?? rel.replace(/\//g, '-'), Buffer.from(text, 'utf8')]));
}

export interface PublishOptions {
  /** The commit the pipeline ran on (the checkout). */
  source: string;
  branch: string;
  /** The pipeline's output, downloaded outside the checkout; taken in only as far as it checks out. Without it, the checkout holds the output already. */
  from?: string;
  /** Where to write the files of each release made or completed now (`<dir>/<tag>/<asset>`), for the workflow to attest. */
  attestDir?: string;
}

/** Main's withdrawals at `tip`: a problem for each model they now retire, which is refused publication. */
async function withdrawnSince(root: string, ctx: GitHubContext, tip: string, cards: readonly ModelCard[], datasets: DatasetRegistry, refused: Map<string, ModelCard>): Promise<Problem[]> {
  const read = await ledgerAt(root, ctx, tip);
  if (!read.ok) return read.problems;
  const manifests = new Map<string, DatasetManifest>();
  for (const id of new Set(cards.map((c) => c.dataset))) {
    const m = await datasets.manifest(id);
    if (m.ok) manifests.set(id, m.value);
  }
  const retired = newlyRetired(cards, manifests, read.ledger);
  for (const card of retired) refused.set(card.version, card);
  return retired.map((card) =>
    error(
      'publish/withdrawn-since',
      `${MODELS_DIR}/${card.version}.json`,
      `is ${card.statusReason ?? 'retired'}, by a withdrawal merged into main (${tip.slice(0, 12)}) after training started, so nothing was committed or released`,
      {
        hint: 'nothing to do: the pipeline run for that merge retires this model and publishes the rest (or run the pipeline again)',
      },
    ),
  );
}

export async function publish(root: string, ctx: GitHubContext, opts: PublishOptions): Promise<PublishResult> {
  if (opts.from !== undefined) {
    const refused = await takeInOutput(opts.from, root);
    if (refused.length > 0) return { ok: false, releases: [], problems: refused };
  }
  const check = await checkCoop(root, { cache: false });
  if (!check.ok) return { ok: false, releases: [], problems: check.problems.filter((p) => p.severity === 'error') };
  const models = await readModelRegistry(root);
  const datasets = await DatasetRegistry.open(root);
  if (!models.ok) return { ok: false, releases: [], problems: models.problems };
  if (!datasets.ok) return { ok: false, releases: [], problems: datasets.problems };
  const published = { coop: check.coop, ctx, cards: models.value.cards, datasets: datasets.value, source: opts.source, ...(opts.attestDir ? { attestDir: opts.attestDir } : {}) };
  const committed = await commitRecords(published, opts);
  if (!committed.ok) return committed;
  const released = await releaseModels(published);
  return { ok: released.ok, registry: committed.registry, releases: released.releases, problems: released.problems };
}

interface Published {
  coop: CheckedCoop;
  ctx: GitHubContext;
  cards: ModelCard[];
  datasets: DatasetRegistry;
  source: string;
  attestDir?: string;
}

/** 1. The records, back on main, unless a withdrawal merged since training makes a model unpublishable. */
async function commitRecords({ coop, ctx, cards, datasets }: Published, opts: PublishOptions): Promise<{ ok: true; registry: RegistryCommitResult } | PublishResult> {
  const root = coop.root;
  const files = new Map<string, string | null>();
  for (const rel of [...(await uncommittedPaths(root, ['registry']))].sort()) files.set(rel, await readFile(path.join(root, rel), 'utf8').catch(() => null));
  const unpublishable = new Map<string, ModelCard>();
  const committed = await commitRegistry(ctx, opts.branch, files, opts.source, { guard: (tip) => withdrawnSince(root, ctx, tip, cards, datasets, unpublishable) });
  if (committed.ok) return { ok: true, registry: { attempts: committed.attempts, ...(committed.commit ? { commit: committed.commit } : {}) } };
  // Retire first: a release already out for a model now unpublishable loses its files at once.
  const releases: PublishResult['releases'] = [];
  for (const card of unpublishable.values()) {
    const tag = releaseTag(card.version);
    const outcome = await retireRelease(ctx, tag, retiredNote(card));
    if (outcome) releases.push({ tag, outcome });
  }
  return { ok: false, releases, problems: committed.problems };
}

/** 2. Releases: retired models' lose their files, published models' are made once and never changed. */
async function releaseModels(published: Published): Promise<PublishResult> {
  const latest = [...published.cards].reverse().find((c) => c.kind === 'shared' && c.status === 'current');
  const releases: PublishResult['releases'] = [];
  const problems: Problem[] = [];
  for (const card of published.cards) {
    const tag = releaseTag(card.version);
    if (card.status === 'retired') {
      const outcome = await retireRelease(published.ctx, tag, retiredNote(card));
      if (outcome) releases.push({ tag, outcome });
    } else if (card.weights.published) {
      const made = await releaseModel(published, card, card.version === latest?.version);
      if ('problem' in made) problems.push(made.problem);
      else {
        const { assets, ...outcome } = made;
        releases.push({ tag, ...outcome });
        if (published.attestDir && assets && (outcome.outcome === 'created' || outcome.outcome === 'completed')) await writeAttestable(published.attestDir, tag, assets);
      }
    }
  }
  return { ok: problems.length === 0, releases, problems };
}

/** A release's files, for the workflow's attestation step: `<dir>/<tag>/<asset>`. */
async function writeAttestable(dir: string, tag: string, assets: ReadonlyMap<string, Buffer>): Promise<void> {
  await mkdir(path.join(dir, tag), { recursive: true });
  for (const [name, data] of assets) await writeFile(path.join(dir, tag, name), data);
}

/**
 * The source commit a release's statement names: the one it was first made from, read back from the
 * published release's statement, so a later run (another GITHUB_SHA) makes the same bytes again.
 */
async function statementSource(ctx: GitHubContext, tag: string, source: string): Promise<string> {
  const asset = (await publishedAssets(ctx, tag))?.find((a) => a.name === STATEMENT_ASSET);
  if (!asset) return source;
  const read = validateRecord(ModelReleaseStatement, JSON.parse((await downloadAsset(ctx, asset.id)).toString('utf8')), { file: `${tag}/${STATEMENT_ASSET}` });
  return read.ok ? read.value.predicate.sourceCommit : source;
}

type Released = { outcome: ReleaseOutcome | 'skipped'; why?: string; assets?: ReadonlyMap<string, Buffer> };

/** One model's release with its dataset manifest, export and statement; a GitHub refusal becomes a problem naming the model. */
async function releaseModel({ coop, ctx, datasets, source }: Published, card: ModelCard, latest: boolean): Promise<Released | { problem: Problem }> {
  const assets = await modelAssets(coop.root, card);
  if (typeof assets === 'string') return { outcome: 'skipped', why: assets };
  const manifest = await datasets.manifest(card.dataset);
  const manifestFile = path.join(coop.root, DATASETS_DIR, `${card.dataset}.json`);
  const manifestBytes = manifest.ok ? await readFile(manifestFile).catch(() => undefined) : undefined;
  if (!manifest.ok || !manifestBytes) return { outcome: 'skipped', why: `its dataset manifest (${DATASETS_DIR}/${card.dataset}.json) is missing, so nothing can bind the weights to their dataset` };
  const exported = await exportAssets(coop, manifest.value);
  const exportFiles = new Map(typeof exported === 'string' ? [] : [...exported].filter(([name]) => name !== MANIFEST_ASSET));
  for (const [name, data] of exportFiles) assets.set(name, data);
  // The registry's bytes, not the export's copy: the statement names the manifest as the registry holds it.
  assets.set(MANIFEST_ASSET, manifestBytes);
  const tag = releaseTag(card.version);
  const name = `${card.kind === 'shared' ? 'Shared model' : 'Member’s own model'} ${card.version}`;
  try {
    const statementOf = await statementSource(ctx, tag, source);
    assets.set(
      STATEMENT_ASSET,
      statementBytes({ card, cardBytes: assets.get(CARD_ASSET)!, manifest: manifest.value, manifestBytes, exportFiles, repository: `${ctx.owner}/${ctx.repo}`, source: statementOf }),
    );
    const exportNote = typeof exported === 'string' ? exported : 'The dataset it was trained on: train.jsonl, validation.jsonl, datasheet.md (read it before any use).';
    // A release published before statements existed keeps what it has: its source commit is not known here.
    const newOnly = new Set([STATEMENT_ASSET, MANIFEST_ASSET]);
    return { outcome: await syncRelease(ctx, { tag, name, body: releaseBody(card, coop.info.value, exportNote), assets, latest, newOnly }), assets };
  } catch (e) {
    return { problem: error('publish/release', `${MODELS_DIR}/${card.version}.json`, (e as Error).message, { hint: 'a published release is never changed; see docs/github.md' }) };
  }
}
