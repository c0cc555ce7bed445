export { githubFromEnv, GitHubConfigError, type GitHubContext } from './client.ts';
export { branchTip, commitToBranch, commitTree, fastForward, pathsAt, treeOf, treeWith, type BranchCommit, type BranchResult, type TreePath } from './git-data.ts';
export {
  changeFrom,
  fileAt,
  folderAt,
  FORM_MARKER,
  formMarker,
  headShaOf,
  mergedPullOf,
  openPullNumbers,
  readPull,
  readReviews,
  type FileRead,
  type FolderEntry,
  type MergedPull,
  type PullFacts,
} from './pulls.ts';
export { defaultBranch, lastLabeledBy, readIssue, upsertPull, type IssueFacts } from './issues.ts';
export { appendSummary, COMMENT_LIMIT, fitComment, postStatus, STATUS_DESCRIPTION_LIMIT, upsertComment } from './report.ts';
export {
  downloadAsset,
  findRelease,
  publishedAssets,
  ReleaseError,
  releaseTag,
  retireRelease,
  syncRelease,
  type ReleaseAssetInfo,
  type ReleaseOutcome,
  type ReleaseSpec,
} from './releases.ts';
