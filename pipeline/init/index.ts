export { adoptsYaml, METAPHORS, planInit, renderTemplate, writeInit, type InitOptions, type Metaphor } from './init.ts';
