export { pathsToPurge, remapManifest, type HistoricVersion } from './plan.ts';
export { BEYOND_RECALL, purge, type PurgeRequest, type PurgeResult } from './run.ts';
