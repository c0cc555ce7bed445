/**
 * Put a model's published files back from where they were published before
 * anything retrains it: the model's GitHub Release (`model-<version>`, through
 * the one octokit client), a folder the maintainer fills as
 * `gh release download <tag> --dir DIR/<version>` leaves it, or a web address
 * laid out the same way (URL/<version>/<file>). Every file is checked against
 * the sha256 its card records before any is kept, and all of them are put in
 * place at once, so a partial or altered download restores nothing and the
 * stage goes on as if there were none.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFilesAtomically } from '../fs/index.ts';
import { downloadAsset, publishedAssets, releaseTag, type GitHubContext } from '../github/index.ts';
import { sha256 } from '../hash/index.ts';
import type { ModelCard } from '../schemas/index.ts';

/** Where published weights can be had: the bytes of each named file of a version, or why not. */
export interface WeightsSource {
  /** In words, for the log: "DIR", "the Releases of owner/repo". */
  readonly describe: string;
  /** The files of `version` by name, or in words why they cannot all be had. */
  files(version: string, names: readonly string[], expected: ReadonlyMap<string, string>): Promise<Map<string, Uint8Array> | string>;
}

/** DIR/<version>/<file>. */
export function folderSource(dir: string): WeightsSource {
  return {
    describe: dir,
    async files(version, names) {
      const out = new Map<string, Uint8Array>();
      for (const name of names) {
        const from = path.join(dir, version, name);
        const bytes = await readFile(from).catch(() => undefined);
        if (!bytes) return `${from} is missing`;
        out.set(name, bytes);
      }
      return out;
    },
  };
}

/** URL/<version>/<file>, over plain HTTPS (a bucket, a mirror, a web server the co-op runs). */
export function urlSource(base: string): WeightsSource {
  const root = base.endsWith('/') ? base : `${base}/`;
  return {
    describe: base,
    async files(version, names) {
      const out = new Map<string, Uint8Array>();
      for (const name of names) {
        const url = new URL(`${encodeURIComponent(version)}/${encodeURIComponent(name)}`, root);
        let response: Response;
        try {
          response = await fetch(url, { redirect: 'follow' });
        } catch (e) {
          return `${url} could not be reached (${(e as Error).message})`;
        }
        if (!response.ok) return `${url} answered ${response.status}`;
        out.set(name, new Uint8Array(await response.arrayBuffer()));
      }
      return out;
    },
  };
}

/** The assets of the model's published Release, each downloaded only if GitHub's digest of it is the card's sha256. */
export function releasesSource(ctx: GitHubContext): WeightsSource {
  return {
    describe: `the Releases of ${ctx.owner}/${ctx.repo}`,
    async files(version, names, expected) {
      const tag = releaseTag(version);
      let assets: Awaited<ReturnType<typeof publishedAssets>>;
      try {
        assets = await publishedAssets(ctx, tag);
      } catch (e) {
        return `the release ${tag} could not be read (${(e as Error).message})`;
      }
      if (!assets) return `there is no published release ${tag}`;
      const out = new Map<string, Uint8Array>();
      for (const name of names) {
        const asset = assets.find((a) => a.name === name);
        if (!asset) return `the release ${tag} has no ${name}`;
        // GitHub's own digest, where it has one, saves downloading a file that cannot be the card's.
        if (asset.digest && asset.digest !== `sha256:${expected.get(name)}`) return `${name} in the release ${tag} is not the published file (its sha256 is not the card's)`;
        try {
          out.set(name, await downloadAsset(ctx, asset.id));
        } catch (e) {
          return `${name} in the release ${tag} could not be downloaded (${(e as Error).message})`;
        }
      }
      return out;
    },
  };
}

/** Restore `card`'s weight files into `root` from `source`; returns undefined when they are in place, or why not. */
export async function restoreFrom(source: WeightsSource, root: string, card: Pick<ModelCard, 'version' | 'weights'>): Promise<string | undefined> {
  const expected = new Map(card.weights.files.map((f) => [path.basename(f.path), f.sha256]));
  const got = await source.files(card.version, [...expected.keys()], expected);
  if (typeof got === 'string') return got;
  const files = new Map<string, Uint8Array>();
  for (const f of card.weights.files) {
    const name = path.basename(f.path);
    const bytes = got.get(name)!;
    if (sha256(bytes) !== f.sha256) return `${name} from ${source.describe} is not the published file (its sha256 is not the card's)`;
    files.set(path.join(root, f.path), bytes);
  }
  await writeFilesAtomically(files);
  return undefined;
}
