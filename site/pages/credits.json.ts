// The credit index behind the marks on what a model writes (pipeline/site/views/credit-index.ts builds it: hashes, no text).
import type { APIRoute } from 'astro';
import { siteView } from '../lib/data.ts';

export const GET: APIRoute = async () => new Response(JSON.stringify((await siteView()).credits), { headers: { 'Content-Type': 'application/json' } });
