// A worker thread's entry: TypeScript through tsx, as the command line runs it,
// then the module the thread was started for (workerData.module).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
