/** Data-scaling studies as the site shows them: each with its reading in words and its dataset's name. Pure. */
import type { ScalingStudy } from '../../schemas/index.ts';
import { readingOf } from '../../study/plan.ts';
import type { SiteView } from '../view-types.ts';
import type { ViewContext } from './context.ts';

/** The studies in the order given (newest first). */
export function studyViews(studies: readonly ScalingStudy[], { datasetLabels }: ViewContext): SiteView['studies'] {
  return studies.map((study) => ({
    study,
    reading: readingOf(study.runs, study.unigramBaseline.bitsPerChar),
    ...(datasetLabels.get(study.dataset) ? { datasetName: datasetLabels.get(study.dataset)!.name } : {}),
  }));
}
