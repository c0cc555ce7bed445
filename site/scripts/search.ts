// Site search with Pagefind's JavaScript API (its index is built after the site).
interface PagefindResult {
  data(): Promise<{ url: string; excerpt: string; meta: { title?: string; status?: string } }>;
}
interface Pagefind {
  search(q: string): Promise<{ results: PagefindResult[] }>;
  init?(): Promise<void>;
}

const form = document.querySelector<HTMLFormElement>('#search-form')!;
const out = document.querySelector<HTMLDivElement>('#search-results')!;
let pagefind: Promise<Pagefind> | undefined;

/** Pagefind's excerpt is HTML with <mark>; show it as plain text only. */
function plain(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const q = (new FormData(form).get('q') as string).trim();
  if (!q) return;
  pagefind ??= import(/* @vite-ignore */ form.dataset.pagefind!) as Promise<Pagefind>;
  const pf = await pagefind;
  await pf.init?.();
  const { results } = await pf.search(q);
  const items = await Promise.all(results.slice(0, 20).map((r) => r.data()));
  out.replaceChildren();
  const p = document.createElement('p');
  p.textContent = items.length ? `${results.length} page${results.length === 1 ? '' : 's'} found.` : `Nothing found for “${q}”.`;
  const list = document.createElement('ul');
  list.className = 'card-list';
  for (const item of items) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = item.url;
    a.textContent = item.meta.title ?? item.url;
    li.append(a);
    // A model's or dataset's status, as its page shows it ("current", "held back"): the same badge.
    if (item.meta.status) {
      const badge = document.createElement('span');
      badge.className = `badge ${item.meta.status.replace(/\s+/g, '-')}`;
      badge.textContent = item.meta.status;
      li.append(' ', badge);
    }
    const excerpt = document.createElement('p');
    excerpt.className = 'muted';
    excerpt.textContent = plain(item.excerpt);
    li.append(excerpt);
    list.append(li);
  }
  out.append(p, list);
});

export {};
