/**
 * The backends' names, without TensorFlow.js: the command line checks
 * --backend against them before anything heavy is loaded.
 */
export const BACKENDS = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** The backend asked for cannot run here (not installed, or failed to start). */
export class BackendUnavailable extends Error {}
