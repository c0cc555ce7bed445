/** `upgrade` on a co-op folder: read what is there, plan (plan.ts), write. The thin I/O shell. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { COOP_SCRIPTS, managedFiles, MANAGED_MANIFEST } from '../init/index.ts';
import { TOOL, toolVersion } from '../project.ts';
import { error, type Problem } from '../problems.ts';
import { readRecord } from '../registry/index.ts';
import { ManagedFiles } from '../schemas/index.ts';
import { applyFileChanges } from '../fs/index.ts';
import { planUpgrade, type UpgradePlan } from './plan.ts';

export type UpgradeResult = { ok: true; plan: UpgradePlan; scriptsAdded: string[]; manifestFound: boolean } | { ok: false; problems: Problem[] };

const readText = (file: string) =>
  readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });

export async function upgradeCoop(root: string, opts: { dryRun?: boolean } = {}): Promise<UpgradeResult> {
  const manifest = await readRecord(root, MANAGED_MANIFEST, ManagedFiles);
  if (manifest && !manifest.ok) return manifest;
  // Without a manifest every existing file counts as the co-op's own: nothing is overwritten.
  const recorded: ManagedFiles = manifest?.value ?? { schemaVersion: 1, tool: 'unknown', files: {} };
  const next = await managedFiles();
  const current = new Map<string, string | undefined>();
  for (const file of new Set([...next.keys(), ...Object.keys(recorded.files)])) current.set(file, await readText(path.join(root, file)));
  const plan = planUpgrade({ current, recorded, next, tool: `${TOOL}@${toolVersion()}` });

  const pkgText = await readText(path.join(root, 'package.json'));
  if (pkgText === undefined)
    return { ok: false, problems: [error('upgrade/no-package', 'package.json', 'is missing', { hint: `a co-op depends on ${TOOL} in its package.json; \`${TOOL} init\` writes one` })] };
  let pkg: { scripts?: Record<string, string> };
  try {
    pkg = JSON.parse(pkgText) as typeof pkg;
  } catch (e) {
    return { ok: false, problems: [error('upgrade/bad-package', 'package.json', `is not valid JSON: ${(e as Error).message}`, { hint: 'fix it, then run upgrade again' })] };
  }
  // Scripts the co-op lacks are added; the ones it has are its own.
  const scriptsAdded = Object.keys(COOP_SCRIPTS).filter((s) => !(s in (pkg.scripts ?? {})));
  if (scriptsAdded.length > 0) {
    pkg.scripts = { ...pkg.scripts, ...Object.fromEntries(scriptsAdded.map((s) => [s, COOP_SCRIPTS[s]!])) };
    plan.write.set('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  }
  plan.write.set(MANAGED_MANIFEST, `${JSON.stringify(plan.manifest, null, 2)}\n`);
  if (!opts.dryRun) await applyFileChanges(root, plan);
  return { ok: true, plan, scriptsAdded, manifestFound: manifest !== undefined };
}
