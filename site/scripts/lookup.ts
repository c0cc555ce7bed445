// "Am I in it?": search the static index by name, title or fingerprint. Withdrawn works are
// found by fingerprint, or by their exact title, whose fingerprint is computed here.
import { titleFingerprint } from './fingerprint.ts';

interface Index {
  /** Oldest first; `n` is the name people read ("Shared dataset, version 2"), `status` current or superseded. */
  datasets: Array<{ id: string; kind: string; k: string; n: string; status: string }>;
  /** Current first. */
  models: Array<{ version: string; k: string | null; status: string; n: string }>;
  works: Array<{ h: string; t: string | null; c: string | null; s: string | null; d: number[] }>;
  withdrawn: Array<{ h: string; tf: string | null; w: string; c: string | null; s: string; d: number[] }>;
}

const form = document.querySelector<HTMLFormElement>('#lookup-form')!;
const out = document.querySelector<HTMLDivElement>('#lookup-results')!;
const base = form.dataset.base!.replace(/\/$/, '');
let index: Promise<Index> | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function link(href: string, text: string): HTMLAnchorElement {
  return el('a', text, { href: `${base}${href}` });
}

/** A record's name as a link, with its status as a badge (the same words and classes as the pages). */
function named(href: string, name: string, status: string): HTMLElement[] {
  return [link(href, name), el('span', ' '), el('span', status.replace('-', ' '), { class: `badge ${status}` })];
}

/** "In datasets: …" and "Models trained on them: …" for a list of dataset indices. */
function whereItWas(data: Index, ids: number[], li: HTMLElement): void {
  // Newest first, as the rest of the site lists them.
  const sets = ids.map((i) => data.datasets[i]!).reverse();
  li.append(el('span', 'In datasets: '));
  sets.forEach((d, i) => li.append(...(i ? [el('span', ', ')] : []), ...named(`/datasets/${d.id}/`, d.n, d.status)));
  const contents = new Set(sets.map((d) => d.k));
  const models = data.models.filter((m) => m.k !== null && contents.has(m.k));
  li.append(el('br'), el('span', models.length ? 'Models trained on them: ' : 'No model has been trained on them.'));
  models.forEach((m, i) => li.append(...(i ? [el('span', ', ')] : []), ...named(`/models/${m.version}/`, m.n, m.status)));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const raw = (new FormData(form).get('q') as string).trim();
  const q = raw.toLowerCase();
  index ??= fetch(form.dataset.index!).then((r) => r.json() as Promise<Index>);
  const data = await index;
  const isHash = /^[0-9a-f]{8,64}$/.test(q);
  const fingerprint = isHash ? undefined : await titleFingerprint(raw);
  const hits = data.works.filter((w) => (isHash && w.h.startsWith(q)) || (!isHash && ((w.t ?? '').toLowerCase().includes(q) || (w.c ?? '').toLowerCase().includes(q))));
  const gone = data.withdrawn.filter((w) => (isHash && w.h.startsWith(q)) || (!isHash && (w.tf === fingerprint || (w.c ?? '').toLowerCase().includes(q))));
  out.replaceChildren();
  const total = hits.length + gone.length;
  out.append(el('p', total === 0 ? `Nothing found for “${raw}”.` : `${total} work${total === 1 ? '' : 's'} found${gone.length ? `, ${gone.length} of them withdrawn` : ''}.`));
  const list = el('ul', undefined, { class: 'card-list' });
  for (const w of hits.slice(0, 200)) {
    const li = el('li');
    li.append(el('strong', w.t ?? `A work not shown by title (${w.h.slice(0, 12)})`), el('br'));
    if (w.c) li.append(w.s ? link(`/contributors/${w.s}/`, w.c) : el('span', w.c), el('br'));
    whereItWas(data, w.d, li);
    list.append(li);
  }
  for (const w of gone.slice(0, 200)) {
    const li = el('li');
    li.append(el('strong', `A withdrawn work (${w.h.slice(0, 12)})`), el('br'));
    li.append(el('span', `Withdrawn on ${w.w}${w.c ? ` by ${w.c}` : ''}: it is in no dataset built since, and every model trained on it is retired.`), el('br'));
    whereItWas(data, w.d, li);
    list.append(li);
  }
  out.append(list);
});
