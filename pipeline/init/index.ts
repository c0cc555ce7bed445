export { adoptsYaml, existingFiles, METAPHORS, pagesUrl, planCoopRecords, planInit, renderTemplate, writeInit, type InitOptions, type Metaphor } from './init.ts';
export { managedFiles, manifestFor, MANAGED_MANIFEST } from './managed.ts';
export { COOP_SCRIPTS, packageJson, packageName, planRepository, type RepositoryOptions } from './repository.ts';
