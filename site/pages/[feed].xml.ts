// The timeline as an RSS feed, at /timeline.xml. A feed's links must be absolute, so it is built
// only when the co-op names its site's public address (siteUrl in governance/coop.yaml).
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { siteView } from '../lib/data.ts';

export function getStaticPaths() {
  return import.meta.env.SITE ? [{ params: { feed: 'timeline' } }] : [];
}

export const GET: APIRoute = async (context) => {
  const view = await siteView();
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return rss({
    title: `${view.info.name}: timeline`,
    description: view.info.description,
    site: context.site!,
    items: view.timeline.slice(0, 100).map((e) => ({
      title: e.title,
      pubDate: new Date(e.date),
      link: `${base}${e.link ?? '/timeline/'}`,
      categories: [e.kind],
      // The link alone is no GUID: several events link to the same page.
      customData: `<guid isPermaLink="false">${e.id}</guid>`,
    })),
  });
};
