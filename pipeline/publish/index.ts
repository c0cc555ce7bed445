export { commitRegistry, type RegistryCommitOptions, type RegistryCommitOutcome, type RegistryCommitResult } from './registry-commit.ts';
export { findRelease, ReleaseError, retireRelease, syncRelease, type ReleaseOutcome, type ReleaseSpec } from './releases.ts';
export { publish, releaseTag, retiredNote, type PublishOptions, type PublishResult } from './run.ts';
export { checkOutput, takeInOutput, type OutputFiles } from './intake.ts';
