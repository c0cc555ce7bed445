/** A parsing thread: works' texts in, parseWork's results out (parse-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { parseWork } from './parse-work.ts';

interface Job {
  id: number;
  text: string;
  file: string;
  ext: 'md' | 'txt';
}

parentPort!.on('message', (job: Job) => {
  try {
    parentPort!.postMessage({ id: job.id, result: parseWork(job.text, job.file, job.ext) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, failure: (e as Error).stack ?? String(e) });
  }
});
parentPort!.postMessage({ ready: true });
