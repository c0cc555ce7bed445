export { CACHE_DIR, FileCache } from './file-cache.ts';
