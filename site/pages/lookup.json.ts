// The static index behind "Am I in it?": every work that any dataset ever held, by hash,
// with only what the site may show (titles and names as consent allows).
import type { APIRoute } from 'astro';
import { siteView } from '../lib/data.ts';

export const GET: APIRoute = async () => {
  const view = await siteView();
  const datasets = [...view.datasets].reverse().map((d) => d.manifest);
  const works = new Map<string, { h: string; t: string | null; c: string | null; s: string | null; d: number[] }>();
  const shown = new Map(view.works.filter((w) => w.title).map((w) => [w.hash, w]));
  datasets.forEach((d, i) => {
    for (const w of d.works) {
      let e = works.get(w.hash);
      if (!e) {
        const who = view.identities.get(w.contributor);
        const visible = who && !who.withdrawn;
        e = { h: w.hash, t: visible ? shown.get(w.hash)?.title ?? null : null, c: visible ? who.name : null, s: visible ? who.slug : null, d: [] };
        works.set(w.hash, e);
      }
      e.d.push(i);
    }
  });
  const body = {
    datasets: datasets.map((d) => ({ id: d.id, kind: d.kind })),
    models: view.models.map((m) => ({ version: m.card.version, dataset: m.card.dataset, status: m.card.status })),
    works: [...works.values()].sort((a, b) => a.h.localeCompare(b.h)),
  };
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
};
