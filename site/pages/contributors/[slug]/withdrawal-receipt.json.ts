// A withdrawal receipt for every writer with withdrawn writing (pipeline/site/views/receipt.ts decides what is in it).
import type { APIRoute, GetStaticPaths } from 'astro';
import { withdrawalReceipt } from '../../../../pipeline/site/pages.ts';
import { siteView } from '../../../lib/data.ts';

export const getStaticPaths = (async () => {
  const view = await siteView();
  return view.contributors.filter((c) => withdrawalReceipt(view, c.slug)).map((c) => ({ params: { slug: c.slug } }));
}) satisfies GetStaticPaths;
export const GET: APIRoute = async ({ params }) => new Response(`${JSON.stringify(withdrawalReceipt(await siteView(), params.slug!), null, 2)}\n`, { headers: { 'Content-Type': 'application/json' } });
