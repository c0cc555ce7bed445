export { githubFromEnv, GitHubConfigError, type GitHubContext } from './client.ts';
export { branchTip, commitToBranch, treeOf, treeWith, type BranchCommit, type BranchResult } from './git-data.ts';
export { fileAt, folderAt, readPull, type FileRead, type FolderEntry, type PullFacts } from './pulls.ts';
export { appendSummary, COMMENT_LIMIT, fitComment, postStatus, STATUS_DESCRIPTION_LIMIT, upsertComment } from './report.ts';
