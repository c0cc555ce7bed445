import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['pipeline/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['pipeline/**/*.ts'],
      exclude: [
        // Tests and the helpers only tests use.
        '**/*.test.ts',
        'pipeline/testing/**',
        // The command line runs in child processes (cli.test.ts, the init end-to-end test, the browser tests);
        // coverage sees only the test process, so its modules would count as unrun though they are run.
        'pipeline/cli/**',
        // Code that runs on worker threads, which coverage of the test process does not see either
        // (the tests compare their results with the main thread's: train.test.ts, load tests).
        'pipeline/train/parallel/worker.ts',
        'pipeline/records/parse-worker.ts',
        // Run by hand to regenerate the GitHub OpenAPI subset (npm run github:openapi); its output is tested.
        'pipeline/github/openapi/write-subset.ts',
        // Types only.
        'pipeline/**/types.ts',
      ],
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'test-results/coverage',
      thresholds: { lines: 80, functions: 80, branches: 70, statements: 80 },
    },
  },
});
