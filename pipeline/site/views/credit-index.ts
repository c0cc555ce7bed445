/**
 * The static index behind the credits on "Try the model" and on the model cards' samples: the
 * hash of every k-character window of every work a current dataset holds (k is the policy's
 * `release.extractionChars`, the run the memorisation audit counts as an extraction), sorted,
 * each with the work it is from; and each work as its writer's consent lets the site name it: a
 * link to the work (display-full), to its writer (display-excerpts), or nothing at all (a work
 * whose writer keeps it private). Hashes only, never text. Pure; the hashing is
 * text/window-hash.ts, which the browser imports too.
 */
import { windowHashes } from '../../text/index.ts';
import type { Credit, CreditIndex, SiteView, WorkView } from '../view-types.ts';

/** How a work is credited, from what the site may show of it and its writer. */
export function creditOf(work: WorkView | undefined, writer: { name: string; slug: string } | undefined): Credit {
  if (!work?.title || work.display === 'none') return null;
  const who = writer ? { writer: writer.name, writerUrl: `/contributors/${writer.slug}/` } : {};
  return work.display === 'full' && work.url ? { title: work.title, url: work.url, ...who } : { title: work.title, ...who };
}

/** Build the index over works given as their normalized text and credit. */
export function creditIndex(works: ReadonlyArray<{ text: string; credit: Credit }>, k: number): CreditIndex {
  const pairs: Array<[number, number]> = [];
  works.forEach((w, i) => {
    for (const h of new Set(windowHashes(w.text, k))) pairs.push([h, i]);
  });
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const hashes = Uint32Array.from(pairs, (p) => p[0]);
  const work = Uint32Array.from(pairs, (p) => p[1]);
  const b64 = (a: Uint32Array) => Buffer.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).toString('base64');
  return { k, works: works.map((w) => w.credit), windows: pairs.length, hashes: b64(hashes), work: b64(work) };
}

/**
 * The works that go in, with their credits: every work a current dataset holds, never a withdrawn
 * one, by fingerprint order. `texts` is each work's normalized text by fingerprint.
 */
export function creditWorks(
  view: Pick<SiteView, 'datasets' | 'works' | 'identities'>,
  texts: ReadonlyMap<string, string>,
  isWithdrawn: (handle: string, hash: string) => boolean,
): Array<{ text: string; credit: Credit }> {
  const held = new Map<string, { handle: string; hash: string }>();
  for (const d of view.datasets) {
    if (d.label.currency !== 'current') continue;
    for (const w of d.manifest.works) if (!isWithdrawn(w.contributor, w.hash)) held.set(`${w.contributor}/${w.hash}`, { handle: w.contributor, hash: w.hash });
  }
  const shown = new Map(view.works.map((w) => [`${w.handle}/${w.hash}`, w]));
  return [...held]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([key, { handle, hash }]) => {
      const text = texts.get(hash);
      return text === undefined ? [] : [{ text, credit: creditOf(shown.get(key), view.identities.get(handle)) }];
    });
}
