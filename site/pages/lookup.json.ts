// The static index behind "Am I in it?" (pipeline/site/views/lookup.ts decides what is in it).
import type { APIRoute } from 'astro';
import { lookupIndex } from '../../pipeline/site/pages.ts';
import { siteView } from '../lib/data.ts';

export const GET: APIRoute = async () => new Response(JSON.stringify(lookupIndex(await siteView())), { headers: { 'Content-Type': 'application/json' } });
