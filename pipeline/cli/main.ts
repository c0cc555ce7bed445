/**
 * The `commonplace-coop` command line: a thin map from arguments to the pipeline's
 * functions. Every subcommand takes --root DIR, the co-op repository to work on.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TOOL } from '../project.ts';
import { EXIT, UsageError, type Io } from './io.ts';
import { COMMANDS, type Command } from './commands/index.ts';

const COMMON_OPTIONS = {
  root: { type: 'string', default: '.' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Usage: ${TOOL} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  --root DIR   the co-op repository to work on (default: the current folder)',
    '  -h, --help   show help for a command',
    '',
    'Exit codes: 0 ok, 1 problems found, 2 usage error, 3 internal error.',
  ].join('\n');
}

function commandUsage(c: Command): string {
  return [`Usage: ${TOOL} ${c.name} ${c.usage ?? '[--root DIR]'}`, '', c.summary, ...(c.help ? ['', c.help] : [])].join('\n');
}

/** Run the CLI with `argv` (without node and the script). Resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`${TOOL}: unknown command "${name}"\n\n${usage()}\n`);
    return EXIT.usage;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { ...COMMON_OPTIONS, ...command.options }, allowPositionals: true, strict: true }));
  } catch (e) {
    io.stderr.write(`${TOOL} ${name}: ${(e as Error).message}\n\n${commandUsage(command)}\n`);
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout.write(`${commandUsage(command)}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run({ values, positionals, root: String(values.root) }, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`${TOOL} ${name}: ${e.message}\n\n${commandUsage(command)}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`${TOOL} ${name}: internal error: ${(e as Error).stack ?? e}\nThis is a bug in Commonplace; please report it with the command you ran.\n`);
    return EXIT.internal;
  }
}
