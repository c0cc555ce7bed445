import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { exportFiles, normalizedTexts, runDatasetStage } from '../../dataset/index.ts';
import { writeFilesAtomically } from '../../fs/index.ts';
import { EXIT, UsageError } from '../io.ts';
import { checkStep, requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export the current shared dataset as JSONL with a datasheet and dataset card, for trainers outside the co-op.',
  usage: '--out DIR [--root DIR]',
  help: 'Writes DIR/data/train.jsonl, DIR/data/validation.jsonl, DIR/README.md (dataset card), DIR/datasheet.md and DIR/manifest.json.\nThe current shared dataset must already be registered (run `commonplace-coop dataset` first). DIR must be empty or new.',
  options: { out: { type: 'string' } },
  async run({ values, root }, io) {
    if (typeof values.out !== 'string' || values.out === '') throw new UsageError('--out DIR is required');
    const out = path.resolve(values.out);
    const existing = await readdir(out).catch(() => [] as string[]);
    if (existing.length > 0) throw new UsageError(`${out} is not empty; choose a new folder`);
    const check = await checkStep(await requireCoopRoot(root), io);
    if (!check.ok) return EXIT.problems;
    const result = await runDatasetStage(check.coop.root, { check, dryRun: true });
    if (!result.ok) return EXIT.problems;
    const shared = result.datasets[0]!;
    if (!result.registered.has(shared.id)) {
      io.stderr.write(
        `commonplace-coop export: the current shared dataset ${shared.id} is not in the registry yet; run \`commonplace-coop dataset\` (or the pipeline) first, so the export matches a recorded version.\n`,
      );
      return EXIT.problems;
    }
    const { coop } = check;
    const included = new Set(shared.works.map((w) => w.path));
    const texts = await normalizedTexts(
      coop.root,
      coop.works.filter((w) => included.has(w.file)),
    );
    const files = exportFiles({
      dataset: shared,
      texts,
      agreements: new Map([...coop.agreements].map(([h, a]) => [h, a.value])),
      licences: new Map(coop.works.filter((w) => w.value.licence).map((w) => [w.file, w.value.licence!])),
      info: coop.info.value,
      useCases: new Map([...coop.useCases].map(([s, u]) => [s, u.value])),
      policyDecision: coop.policy.value.adoptedBy,
    });
    await mkdir(out, { recursive: true });
    await writeFilesAtomically(new Map([...files].map(([rel, text]) => [path.join(out, rel), text])));
    io.stdout.write(`exported dataset ${shared.id}: ${shared.totals.train.works} train and ${shared.totals.validation.works} validation works to ${out}\n`);
    return EXIT.ok;
  },
};
