import type { GitHubContext } from './client.ts';
import { sha256 } from '../hash/index.ts';

export interface ReleaseSpec {
  tag: string;
  name: string;
  body: string;
  /** Asset name → bytes. */
  assets: ReadonlyMap<string, Buffer>;
  latest: boolean;
  /** Assets added only while the release is a draft: a published release made before they existed is left without them (and not changed). */
  newOnly?: ReadonlySet<string>;
}

export type ReleaseOutcome = 'created' | 'completed' | 'unchanged' | 'retired' | 'already-retired';

interface ReleaseInfo {
  id: number;
  tag_name: string;
  draft: boolean;
  body?: string | null;
  immutable?: boolean;
  upload_url: string;
}

/** The release tag of a model version: publish makes one per published model, and training restores from it. */
export const releaseTag = (version: string) => `model-${version}`;

export class ReleaseError extends Error {}

/** A release by tag, drafts included (getReleaseByTag sees only published ones). */
export async function findRelease(ctx: GitHubContext, tag: string): Promise<ReleaseInfo | undefined> {
  const releases = await ctx.octokit.paginate(ctx.octokit.rest.repos.listReleases, { owner: ctx.owner, repo: ctx.repo, per_page: 100 });
  return releases.find((r) => r.tag_name === tag) as ReleaseInfo | undefined;
}

async function listAssets(ctx: GitHubContext, id: number) {
  return ctx.octokit.paginate(ctx.octokit.rest.repos.listReleaseAssets, { owner: ctx.owner, repo: ctx.repo, release_id: id, per_page: 100 });
}

async function upload(ctx: GitHubContext, release: ReleaseInfo, name: string, data: Buffer): Promise<void> {
  // The upload URL is the release's own (uploads.github.com on GitHub), an RFC 6570 template.
  const request = () => ctx.octokit.request({ method: 'POST', url: release.upload_url, name, data, headers: { 'content-type': 'application/octet-stream', 'content-length': data.length } });
  try {
    await request();
  } catch (e) {
    // 422 already_exists: an asset of that name is there (a half-finished upload after a 502 is one). Replace it.
    if ((e as { status?: number }).status !== 422) throw e;
    const stale = (await listAssets(ctx, release.id)).find((a) => a.name === name);
    if (!stale) throw e;
    await ctx.octokit.rest.repos.deleteReleaseAsset({ owner: ctx.owner, repo: ctx.repo, asset_id: stale.id });
    await request();
  }
}

/** A published release's asset, as a download needs it. */
export interface ReleaseAssetInfo {
  id: number;
  name: string;
  /** `sha256:<hex>` where GitHub has computed it. */
  digest?: string | null;
}

/** The uploaded assets of the published (not draft) release `tag`, or undefined when there is none. */
export async function publishedAssets(ctx: GitHubContext, tag: string): Promise<ReleaseAssetInfo[] | undefined> {
  const release = await findRelease(ctx, tag);
  if (!release || release.draft) return undefined;
  return (await listAssets(ctx, release.id)).filter((a) => a.state === 'uploaded').map((a) => ({ id: a.id, name: a.name, digest: a.digest ?? null }));
}

/** An asset's bytes (GitHub answers with a redirect to its storage, which the client follows). */
export async function downloadAsset(ctx: GitHubContext, assetId: number): Promise<Buffer> {
  const res = await ctx.octokit.rest.repos.getReleaseAsset({ owner: ctx.owner, repo: ctx.repo, asset_id: assetId, headers: { accept: 'application/octet-stream' } });
  const data = res.data as unknown;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new ReleaseError(`asset ${assetId} came back as ${typeof data}, not its bytes`);
}

/** Make the release match `spec`: create it as a draft, upload what is missing or different, publish. */
export async function syncRelease(ctx: GitHubContext, spec: ReleaseSpec): Promise<ReleaseOutcome> {
  const { octokit, owner, repo } = ctx;
  let release = await findRelease(ctx, spec.tag);
  const created = !release;
  if (!release) {
    release = (await octokit.rest.repos.createRelease({ owner, repo, tag_name: spec.tag, name: spec.name, body: spec.body, draft: true })).data as ReleaseInfo;
  }
  const have = new Map((await listAssets(ctx, release.id)).map((a) => [a.name, a]));
  let changed = false;
  for (const [name, data] of spec.assets) {
    const there = have.get(name);
    const digest = there?.digest?.replace(/^sha256:/, '');
    if (there && there.state === 'uploaded' && digest === sha256(data)) continue;
    if (!there && !release.draft && spec.newOnly?.has(name)) continue;
    if (there && !release.draft) {
      // A published version is never re-pointed: its assets are what people downloaded.
      throw new ReleaseError(
        `release ${spec.tag} is published and its ${name} differs from this model's (sha256 ${sha256(data).slice(0, 12)}); a published version is never replaced: retrain under a new version instead`,
      );
    }
    if (!release.draft && release.immutable) throw new ReleaseError(`release ${spec.tag} is published and immutable, but lacks ${name}; it cannot be completed`);
    if (there) await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: there.id });
    await upload(ctx, release, name, data);
    changed = true;
  }
  if (release.draft) {
    await octokit.rest.repos.updateRelease({ owner, repo, release_id: release.id, draft: false, name: spec.name, body: spec.body, make_latest: spec.latest ? 'true' : 'false' });
    return created ? 'created' : 'completed';
  }
  return changed ? 'completed' : 'unchanged';
}

/** A retired model's release: its assets deleted, its notes saying why and when. The tag stays. */
export async function retireRelease(ctx: GitHubContext, tag: string, note: string): Promise<ReleaseOutcome | undefined> {
  const { octokit, owner, repo } = ctx;
  const release = await findRelease(ctx, tag);
  if (!release) return undefined;
  const assets = await listAssets(ctx, release.id);
  if (assets.length === 0 && (release.body ?? '').startsWith(note)) return 'already-retired';
  for (const a of assets) await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: a.id });
  await octokit.rest.repos.updateRelease({ owner, repo, release_id: release.id, body: note, make_latest: 'false', ...(release.draft ? { draft: false } : {}) });
  return 'retired';
}
