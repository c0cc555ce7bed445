export { commitRegistry, type RegistryCommitOptions, type RegistryCommitOutcome, type RegistryCommitResult } from './registry-commit.ts';
export { publish, releaseTag, retiredNote, type PublishOptions, type PublishResult } from './run.ts';
export { checkOutput, takeInOutput, type OutputFiles } from './intake.ts';
