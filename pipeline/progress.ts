/**
 * Progress of a long phase (training steps, evaluating, sampling, auditing,
 * allotments, building pages): counts, a rate and an ETA, as plain lines,
 * often enough on a terminal to see it move and seldom enough in a CI log to
 * stay readable. The first and the last line are always printed.
 */
export type LineSink = (line: string) => void;

export interface ProgressOptions {
  /** What is counted, after the numbers ("steps", "works"). */
  unit?: string;
  /** Least time between two lines (default: 3 s on a terminal, 15 s otherwise). */
  everyMs?: number;
  /** Also print a rate: `perItem` of `rateUnit` for each item counted (e.g. tokens per step, "tok/s"). */
  rate?: { perItem: number; unit: string };
  /** Milliseconds now (tests give a fake clock). */
  now?: () => number;
}

/** Whether lines go to a person watching (a terminal) rather than a log file. */
export function interactive(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

export class Progress {
  private readonly now: () => number;
  private readonly started: number;
  private readonly everyMs: number;
  private last = -Infinity;
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly log: LineSink,
    private readonly o: ProgressOptions = {},
  ) {
    this.now = o.now ?? (() => performance.now());
    this.started = this.now();
    this.everyMs = o.everyMs ?? (interactive() ? 3000 : 15000);
  }

  /** `n` more done; `extra` goes in the line (e.g. "loss 2.345"). */
  tick(n = 1, extra = ''): void {
    const first = this.done === 0;
    this.done = Math.min(this.total, this.done + n);
    const now = this.now();
    const finished = this.done >= this.total;
    if (!first && !finished && now - this.last < this.everyMs) return;
    this.last = now;
    this.log(this.line(now, extra));
  }

  private line(now: number, extra: string): string {
    const seconds = (now - this.started) / 1000;
    const parts = [`${this.label}: ${this.done.toLocaleString('en')}/${this.total.toLocaleString('en')}${this.o.unit ? ` ${this.o.unit}` : ''}`];
    if (extra) parts.push(extra);
    if (this.o.rate && seconds > 0) parts.push(`${Math.round((this.done * this.o.rate.perItem) / seconds).toLocaleString('en')} ${this.o.rate.unit}`);
    if (this.done >= this.total) parts.push(`done in ${formatSeconds(seconds)}`);
    else if (this.done > 0 && seconds > 0) parts.push(`ETA ${formatSeconds((seconds / this.done) * (this.total - this.done))}`);
    return `  ${parts.join(', ')}`;
  }
}

/** A phase that reports a count as it goes, or nothing (tests, quiet runs). */
export type ProgressFactory = (label: string, total: number, o?: ProgressOptions) => { tick(n?: number, extra?: string): void };

export const progressTo =
  (log: LineSink): ProgressFactory =>
  (label, total, o) =>
    new Progress(label, total, log, o);

export const noProgress: ProgressFactory = () => ({ tick() {} });

/** 75 → "1m15s", 8 → "8s", 3725 → "1h02m". */
export function formatSeconds(s: number): string {
  const r = Math.max(0, Math.round(s));
  if (r >= 3600) return `${Math.floor(r / 3600)}h${String(Math.floor((r % 3600) / 60)).padStart(2, '0')}m`;
  return r >= 60 ? `${Math.floor(r / 60)}m${String(r % 60).padStart(2, '0')}s` : `${r}s`;
}
