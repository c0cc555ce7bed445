export { commitRegistry, type RegistryCommitOptions, type RegistryCommitOutcome, type RegistryCommitResult } from './registry-commit.ts';
export { publish, releaseTag, retiredNote, type PublishOptions, type PublishResult } from './run.ts';
export { checkOutput, takeInOutput, type OutputFiles } from './intake.ts';
export { approvalsOf, releaseStatement, statementBytes, CARD_ASSET, MANIFEST_ASSET, STATEMENT_ASSET, type StatementInputs } from './statement.ts';
export { releaseReport, verifyRelease, type ReleaseCheck, type ReleaseFolder, type ReleaseVerdict } from './verify-release.ts';
export { readReleaseFolder } from './read-release.ts';
