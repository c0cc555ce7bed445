import type { ParseArgsConfig } from 'node:util';
import type { Io } from '../io.ts';

/** What a command receives once its arguments are parsed. */
export interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** The co-op repository (--root), as given. */
  root: string;
}

/** A subcommand: its name, help and a run function returning the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage?: string;
  help?: string;
  options?: ParseArgsConfig['options'];
  run(args: CommandArgs, io: Io): Promise<number>;
}
