/** Writing files so that a failed run leaves the old ones in place. */
export { applyFileChanges, recordJson, writeFilesAtomically, type AtomicWriteHooks } from './atomic-write.ts';
