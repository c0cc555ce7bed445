// Each model's contribution ledger as CSV, beside its card.
import type { APIRoute, GetStaticPaths } from 'astro';
import { ledgerCsv } from '../../../../pipeline/site/pages.ts';
import { ledgerOfModel, modelsWithLedgers } from '../../../lib/ledgers.ts';

export const getStaticPaths = (async () => modelsWithLedgers()) satisfies GetStaticPaths;
export const GET: APIRoute = async ({ params }) => new Response(ledgerCsv(await ledgerOfModel(params.version!)), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
