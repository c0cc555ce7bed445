/**
 * Works parsed on worker threads: a co-op of thousands of works read for the
 * first time (a fresh clone, a CI run) spends most of its check parsing front
 * matter and Markdown, which is CPU work that parallelises cleanly. Each job
 * goes to the least busy thread; results are the same as parseWork's on the
 * main thread, and the caller keeps them in file order.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads/start.ts';
import { parseWork, type ParseResult } from './parse-work.ts';

const WORKER = new URL('./parse-worker.ts', import.meta.url);

/** Below this many works to parse, starting threads costs more than it saves. */
export const POOL_THRESHOLD = 300;

type Pending = { resolve: (r: ParseResult) => void; reject: (e: Error) => void };

export class ParsePool {
  private readonly pending: Array<Map<number, Pending>>;
  private nextId = 0;

  private constructor(private readonly workers: Worker[]) {
    this.pending = workers.map(() => new Map());
    workers.forEach((worker, w) => {
      worker.on('message', (m: { id: number; result?: ParseResult; failure?: string }) => {
        const job = this.pending[w]!.get(m.id);
        if (!job) return;
        this.pending[w]!.delete(m.id);
        if (m.result) job.resolve(m.result);
        else job.reject(new Error(`a parsing thread failed: ${m.failure}`));
      });
      worker.on('error', (e) => {
        for (const job of this.pending[w]!.values()) job.reject(e);
        this.pending[w]!.clear();
      });
    });
  }

  /** `count` threads (default: one per core, at most 8), each ready to parse. */
  static async start(count = Math.min(8, os.availableParallelism())): Promise<ParsePool> {
    const workers = Array.from({ length: Math.max(1, count) }, () => startWorker(WORKER));
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once('error', reject);
            w.once('message', () => resolve());
          }),
      ),
    );
    return new ParsePool(workers);
  }

  /** parseWork on the thread with the fewest jobs waiting. */
  parse(text: string, file: string, ext: 'md' | 'txt'): Promise<ParseResult> {
    let w = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.pending[i]!.size < this.pending[w]!.size) w = i;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending[w]!.set(id, { resolve, reject });
      this.workers[w]!.postMessage({ id, text, file, ext });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Parse on the main thread: the same function, for a handful of works. */
export const parseHere = (text: string, file: string, ext: 'md' | 'txt'): Promise<ParseResult> => Promise.resolve(parseWork(text, file, ext));
