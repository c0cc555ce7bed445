import { access } from 'node:fs/promises';
import path from 'node:path';
import { serveStatic } from '../../site/index.ts';
import { EXIT, UsageError } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const serve: Command = {
  name: 'serve',
  summary: 'Preview the built site on 127.0.0.1 (build it first with `commonplace-coop site` or the pipeline).',
  usage: '[--root DIR] [--dir DIR] [--port N]',
  options: { dir: { type: 'string' }, port: { type: 'string', default: '4321' } },
  async run({ values, root }, io) {
    const abs = await requireCoopRoot(root);
    const dir = path.resolve(typeof values.dir === 'string' ? values.dir : path.join(abs, 'dist/site'));
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${String(values.port)}"`);
    if (
      !(await access(path.join(dir, 'index.html')).then(
        () => true,
        () => false,
      ))
    ) {
      io.stderr.write(`commonplace-coop serve: no built site in ${dir}; run \`commonplace-coop site\` first.\n`);
      return EXIT.problems;
    }
    const { url, close } = await serveStatic(dir, port);
    io.stdout.write(`serving ${dir} at ${url}/ (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    await close();
    return EXIT.ok;
  },
};
