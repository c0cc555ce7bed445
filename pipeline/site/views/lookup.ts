/**
 * The static index behind "Am I in it?": every work that any dataset ever held, with only what
 * the site may show (titles and names as consent allows), and every withdrawn work by its
 * fingerprints alone (no title, no text), with when it left and where it had been. Pure over the
 * site's view; keys are short because every visitor downloads it.
 */
import { namedAs } from '../../consent/index.ts';
import type { SiteView } from '../view-types.ts';

export interface LookupIndex {
  datasets: Array<{ id: string; kind: string; k: string; n: string; status: string }>;
  models: Array<{ version: string; k: string | null; status: string; n: string }>;
  /** Works any dataset held: fingerprint, title (when shown), writer's name and page slug, datasets by index. */
  works: Array<{ h: string; t: string | null; c: string | null; s: string | null; d: number[] }>;
  /** Withdrawn works: fingerprint, title (when the writer let it stay), date, name (only as consent allows), datasets. */
  withdrawn: Array<{ h: string; tf: string | null; w: string; c: string | null; s: string; d: number[] }>;
}

export function lookupIndex(view: SiteView): LookupIndex {
  const views = [...view.datasets].reverse();
  const datasets = views.map((d) => d.manifest);
  const indexOf = new Map(datasets.map((d, i) => [d.id, i]));
  const withdrawn = new Set(view.withdrawn.map((w) => `${w.who.slug}/${w.hash}`));
  const works = new Map<string, { h: string; t: string | null; c: string | null; s: string | null; d: number[] }>();
  // Titles come from the works the site may show; two works with the same text stay two entries.
  const shown = new Map(view.works.filter((w) => w.title).map((w) => [`${w.handle}/${w.hash}`, w]));
  datasets.forEach((d, i) => {
    for (const w of d.works) {
      const who = view.identities.get(w.contributor);
      if (!who || withdrawn.has(`${who.slug}/${w.hash}`)) continue;
      const key = w.path ?? `${w.contributor}/${w.hash}`;
      let e = works.get(key);
      if (!e) {
        e = { h: w.hash, t: shown.get(`${w.contributor}/${w.hash}`)?.title ?? null, c: who.name, s: who.slug, d: [] };
        works.set(key, e);
      }
      e.d.push(i);
    }
  });
  return {
    datasets: views.map((d) => ({ id: d.manifest.id, kind: d.manifest.kind, k: d.manifest.content, n: d.label.name, status: d.label.currency })),
    models: view.modelList.map((m) => ({ version: m.card.version, k: datasets[indexOf.get(m.card.dataset) ?? -1]?.content ?? null, status: m.card.status, n: m.label.name })),
    works: [...works.values()].sort((a, b) => a.h.localeCompare(b.h) || (a.s ?? '').localeCompare(b.s ?? '')),
    withdrawn: view.withdrawn.map((w) => ({
      h: w.hash,
      tf: w.title ?? null,
      w: w.date,
      c: namedAs(w.who),
      s: w.who.slug,
      d: w.datasets.map((id) => indexOf.get(id)).filter((i): i is number => i !== undefined),
    })),
  };
}
