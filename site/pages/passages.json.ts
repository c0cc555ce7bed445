// The passage filter behind "Is my passage in it?" (pipeline/site/views/passage-filter.ts builds it: hashes, no text).
import type { APIRoute } from 'astro';
import { siteView } from '../lib/data.ts';

export const GET: APIRoute = async () => new Response(JSON.stringify((await siteView()).passages), { headers: { 'Content-Type': 'application/json' } });
