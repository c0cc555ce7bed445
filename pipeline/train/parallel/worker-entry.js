// A training worker's entry: TypeScript through tsx, as the command line runs it.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
