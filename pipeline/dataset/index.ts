export {
  buildManifest,
  contentAddress,
  planDatasets,
  redactWithdrawn,
  sameLineage,
  versionId,
  type BuildRules,
  type DatasetHistory,
  type DatasetPlan,
  type Lineage,
  type PreparedWork,
} from './build.ts';
export { allotmentsIn, buildDatasets, buildDatasetSteps, latestIn, planDatasetStage, type BuiltDatasets, type DatasetStagePlan, type DatasetStep } from './stage-plan.ts';
export { approversFrom, computeProvenance, type MergeApprovals } from './provenance.ts';
export { splitKey, splitRule, validationSet } from './split.ts';
export { normalizedText, normalizedTexts, prepareWorks, runDatasetStage, type DatasetStageOptions, type DatasetStageResult } from './stage.ts';
export { datasetCard, datasheet, exportFiles, splitJsonl, type ExportInputs } from './export.ts';
