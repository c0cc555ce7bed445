/** The works a model is trained and evaluated on, read from corpus/ for one dataset. */
import { displayable } from '../consent/index.ts';
import { normalizedTexts } from '../dataset/index.ts';
import type { CheckedCoop } from '../records/types.ts';
import type { DatasetManifest } from '../schemas/index.ts';
import type { AuditWork } from './audit.ts';

/** A dataset's training and held-out works, read together, with the Markdown check already parsed taken from the text cache. */
export async function jobTexts(coop: CheckedCoop, dataset: DatasetManifest): Promise<{ train: AuditWork[]; validation: AuditWork[] }> {
  const works = new Map(coop.works.map((w) => [w.file, w]));
  const records = dataset.works.map(({ path: file }) => {
    const w = file === undefined ? undefined : works.get(file);
    if (!w) throw new Error(`dataset ${dataset.id} names a work that is not in corpus/ (${file ?? 'withdrawn'}); run the dataset stage first`);
    return w;
  });
  const texts = await normalizedTexts(coop.root, records);
  const inSplit = (split: 'train' | 'validation'): AuditWork[] =>
    dataset.works.filter((x) => x.split === split).map((w) => ({ hash: w.hash, contributor: w.contributor, text: texts.get(w.path!)!, displayable: displayable(w.scopes) }));
  return { train: inSplit('train'), validation: inSplit('validation') };
}
