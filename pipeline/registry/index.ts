export { applyFileChanges, recordJson, writeFilesAtomically, type AtomicWriteHooks } from './atomic-write.ts';
export { DATASETS_DIR, DatasetRegistry } from './datasets.ts';
export { MODELS_DIR, readModelRegistry } from './models.ts';
