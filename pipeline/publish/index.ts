export { commitRegistry, type RegistryCommitResult } from './registry-commit.ts';
export { findRelease, ReleaseError, retireRelease, syncRelease, type ReleaseOutcome, type ReleaseSpec } from './releases.ts';
export { publish, releaseTag, retiredNote, type PublishResult } from './run.ts';
