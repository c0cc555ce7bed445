// "Am I in it?": search the static index by name, title or fingerprint.
interface Index {
  datasets: Array<{ id: string; kind: string }>;
  models: Array<{ version: string; dataset: string; status: string }>;
  works: Array<{ h: string; t: string | null; c: string | null; s: string | null; d: number[] }>;
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

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const q = (new FormData(form).get('q') as string).trim().toLowerCase();
  index ??= fetch(form.dataset.index!).then((r) => r.json() as Promise<Index>);
  const data = await index;
  const isHash = /^[0-9a-f]{8,64}$/.test(q);
  const hits = data.works.filter((w) => (isHash && w.h.startsWith(q)) || (!isHash && ((w.t ?? '').toLowerCase().includes(q) || (w.c ?? '').toLowerCase().includes(q))));
  out.replaceChildren();
  out.append(el('p', hits.length === 0 ? `Nothing found for “${q}”.` : `${hits.length} work${hits.length === 1 ? '' : 's'} found.`));
  const list = el('ul', undefined, { class: 'card-list' });
  for (const w of hits.slice(0, 200)) {
    const li = el('li');
    const title = el('strong', w.t ?? `A work not shown by title (${w.h.slice(0, 12)})`);
    li.append(title, el('br'));
    if (w.c) li.append(w.s ? link(`/contributors/${w.s}/`, w.c) : el('span', w.c), el('br'));
    const ids = w.d.map((i) => data.datasets[i]!.id);
    li.append(el('span', 'In datasets: '));
    ids.forEach((id, i) => li.append(...(i ? [el('span', ', ')] : []), link(`/datasets/${id}/`, id)));
    const models = data.models.filter((m) => ids.includes(m.dataset));
    li.append(el('br'), el('span', models.length ? 'Models trained on them: ' : 'No model has been trained on them.'));
    models.forEach((m, i) => li.append(...(i ? [el('span', ', ')] : []), link(`/models/${m.version}/`, `${m.version} (${m.status})`)));
    list.append(li);
  }
  out.append(list);
});

export {};
