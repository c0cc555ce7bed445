export {
  buildDatasets,
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
export { approversFrom, computeProvenance, type MergeApprovals } from './provenance.ts';
export { splitKey, splitRule, validationSet } from './split.ts';
export { normalizedText, normalizedTexts, prepareWorks, runDatasetStage, type DatasetStageOptions, type DatasetStageResult } from './stage.ts';
export { datasetCard, datasheet, exportFiles, splitJsonl, type ExportInputs } from './export.ts';
