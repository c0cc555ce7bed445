import { access } from 'node:fs/promises';
import path from 'node:path';
import { checkCoop, formatReport, reportJson, type CheckResult } from '../../check/index.ts';
import { EXIT, UsageError, type Io } from '../io.ts';
import type { Command } from './types.ts';

/** Fail with a usage error when --root is not a co-op, before reading anything. */
export async function requireCoopRoot(root: string): Promise<string> {
  const abs = path.resolve(root);
  try {
    await access(path.join(abs, 'governance'));
  } catch {
    throw new UsageError(`${abs} is not a co-op repository (it has no governance/ folder); pass --root DIR, or start one with \`commonplace-coop init --root DIR\``);
  }
  return abs;
}

export function formatOption(value: unknown): 'text' | 'json' {
  if (value === 'text' || value === 'json') return value;
  throw new UsageError(`--format must be "text" or "json", not "${String(value)}"`);
}

/** Check the co-op and print the report when it fails (or has notices); shared by the stage commands. */
export async function checkStep(root: string, io: Io): Promise<CheckResult> {
  const result = await checkCoop(root);
  io.stdout.write(`${formatReport(result.problems, result.coop)}\n`);
  if (!result.ok) io.stderr.write('stopped: fix the problems above; nothing was written.\n');
  return result;
}

export const check: Command = {
  name: 'check',
  summary: "Validate every record and the consent and governance rules; report what's wrong and how to fix it.",
  usage: '[--root DIR] [--format text|json]',
  options: { format: { type: 'string', default: 'text' } },
  async run({ values, root }, io: Io) {
    const format = formatOption(values.format);
    const result = await checkCoop(await requireCoopRoot(root));
    io.stdout.write(`${format === 'json' ? reportJson(result.problems, result.coop) : formatReport(result.problems, result.coop)}\n`);
    return result.ok ? EXIT.ok : EXIT.problems;
  },
};
