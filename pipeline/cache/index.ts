export { CACHE_DIR, FileCache } from './file-cache.ts';
export { cachedText, cacheText, pruneTextCache, TEXT_CACHE_DIR } from './text-cache.ts';
