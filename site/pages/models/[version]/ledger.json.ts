// Each model's contribution ledger as JSON, beside its card (pipeline/site/views/ledger.ts decides what is in it).
import type { APIRoute, GetStaticPaths } from 'astro';
import { ledgerOfModel, modelsWithLedgers } from '../../../lib/ledgers.ts';

export const getStaticPaths = (async () => modelsWithLedgers()) satisfies GetStaticPaths;
export const GET: APIRoute = async ({ params }) => new Response(`${JSON.stringify(await ledgerOfModel(params.version!), null, 2)}\n`, { headers: { 'Content-Type': 'application/json' } });
