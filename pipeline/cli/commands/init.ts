import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { HANDLE_PATTERN } from '../../schemas/index.ts';
import { existingFiles, METAPHORS, planInit, writeInit, type InitOptions, type Metaphor } from '../../init/index.ts';
import { checkCoop, formatReport } from '../../check/index.ts';
import { TOOL, toolVersion } from '../../project.ts';
import { EXIT, UsageError } from '../io.ts';
import type { Command, CommandArgs } from './types.ts';

/** An http(s) URL given to a flag, or a usage error naming the flag. */
function urlOption(flag: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(String(value));
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  } catch {
    // Falls through to the error below.
  }
  throw new UsageError(`${flag} must be a web address starting with https://, not "${String(value)}"`);
}

/** What `--tool` names: a path to a tarball or folder becomes a file: spec, anything else is taken as npm takes it. */
async function toolSpec(value: unknown): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const spec = String(value);
  if (spec === '') throw new UsageError('--tool needs a value: a version, a tarball, a folder or a git URL');
  if (/^(file:|git\+|github:|https?:)/.test(spec)) return spec;
  const asPath = path.resolve(spec);
  if (
    await stat(asPath).then(
      () => true,
      () => false,
    )
  )
    return `file:${asPath}`;
  return spec;
}

/** The flags init writes into the co-op's records, checked, or a usage error naming the flag. */
async function initOptions(values: CommandArgs['values']): Promise<Omit<InitOptions, 'date'>> {
  const metaphor = String(values.metaphor);
  if (!(METAPHORS as readonly string[]).includes(metaphor)) throw new UsageError(`--metaphor must be one of ${METAPHORS.join(', ')}, not "${metaphor}"`);
  const visibility = String(values.visibility);
  if (visibility !== 'public' && visibility !== 'private') throw new UsageError(`--visibility must be public or private, not "${visibility}"`);
  const founder = String(values.founder);
  if (!new RegExp(HANDLE_PATTERN).test(founder)) throw new UsageError(`--founder "${founder}" is not a valid handle (lowercase letters, digits, single hyphens)`);
  const name = String(values.name);
  const founderName = String(values['founder-name']);
  for (const [flag, v] of [
    ['--name', name],
    ['--founder-name', founderName],
  ] as const) {
    if (!/^[^\n"\\{}]{1,100}$/.test(v)) throw new UsageError(`${flag} must be 1-100 characters without quotes, braces, backslashes or newlines`);
  }
  const contact = values.contact === undefined ? undefined : String(values.contact);
  if (contact !== undefined && !/^[^\n]{3,200}$/.test(contact)) throw new UsageError('--contact must be 3-200 characters on one line: an e-mail address or a web address');
  const repository = urlOption('--repository', values.repository);
  const siteUrl = urlOption('--site-url', values['site-url']);
  const tool = await toolSpec(values.tool);
  return {
    metaphor: metaphor as Metaphor,
    name,
    founder,
    founderName,
    visibility,
    ...(repository ? { repository } : {}),
    ...(siteUrl ? { siteUrl } : {}),
    ...(contact ? { contact } : {}),
    ...(tool ? { toolSpec: tool } : {}),
  };
}

/** A folder that already holds a co-op (its governance/) is refused before anything is planned. */
async function refuseExistingCoop(abs: string): Promise<void> {
  if (
    await access(path.join(abs, 'governance')).then(
      () => true,
      () => false,
    )
  ) {
    throw new UsageError(`${abs} already holds a co-op (governance/ exists); choose an empty folder`);
  }
}

/** What the founder does next, from the folder they ran init in. */
function nextSteps(abs: string): string {
  return [
    '',
    'Next:',
    `  cd ${path.relative(process.cwd(), abs) || '.'}`,
    '  git init -b main && npm install',
    '  git add -A && git commit -m "Found the co-op"',
    '  npm run pipeline        # check, datasets, training, the site',
    'Then edit governance/charter.md and board.yaml (with a decision: docs/governance.md), and push to GitHub.',
    '',
  ].join('\n');
}

export const init: Command = {
  name: 'init',
  summary: 'Start a new co-op in its own repository: records from a metaphor template (garden or library), package.json pinning Commonplace, README, workflows, forms and guides.',
  usage:
    '--root DIR [--metaphor garden|library] [--name NAME] [--founder HANDLE] [--founder-name NAME] [--visibility public|private] [--repository URL] [--site-url URL] [--contact ADDRESS] [--tool SPEC]',
  help: [
    'Writes a complete co-op repository in DIR: governance/ (charter, board, policy, first decision, agreement text),',
    `corpus/, package.json (depending on ${TOOL}, by default at this version, ${toolVersion()}; --tool takes any npm`,
    'spec: a version, a tarball, a folder or a git URL), .gitignore, README.md, .github/ (workflows, forms) and docs/.',
    'Nothing is written when any of those files exists already. The result passes `check`. Then, in DIR:',
    '  git init -b main && npm install && git add -A && git commit -m "Found the co-op"',
  ].join('\n'),
  options: {
    metaphor: { type: 'string', default: 'garden' },
    name: { type: 'string', default: 'Our Commonplace' },
    founder: { type: 'string', default: 'founder' },
    'founder-name': { type: 'string', default: 'Founding steward' },
    visibility: { type: 'string', default: 'public' },
    repository: { type: 'string' },
    'site-url': { type: 'string' },
    contact: { type: 'string' },
    tool: { type: 'string' },
  },
  async run({ values, root }, io) {
    const options = await initOptions(values);
    const abs = path.resolve(root);
    await refuseExistingCoop(abs);
    const files = await planInit({ ...options, date: new Date().toISOString().slice(0, 10) });
    const clash = await existingFiles(abs, files);
    if (clash.length > 0) throw new UsageError(`${abs} already has ${clash.join(', ')}; init writes nothing over existing files: choose an empty folder`);
    await writeInit(abs, files);
    io.stdout.write(`Created a ${options.metaphor} co-op in ${abs} (${files.size} files), depending on ${TOOL} ${options.toolSpec ?? toolVersion()}.\n`);
    const result = await checkCoop(abs);
    io.stdout.write(`${formatReport(result.problems, result.coop)}\n`);
    io.stdout.write(nextSteps(abs));
    return result.ok ? EXIT.ok : EXIT.problems;
  },
};
