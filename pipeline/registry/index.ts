export { DATASETS_DIR, DatasetRegistry } from './datasets.ts';
export { MODELS_DIR, readModelRegistry } from './models.ts';
export { readRecord, type Read } from './read-json.ts';
