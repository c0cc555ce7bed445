import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests make real git repositories and commits, also through the CLI in child processes.
// They get a global git config of their own, so they pass on a machine whose git has no
// identity and never read or depend on the developer's own settings. A repository's local
// config (the fixtures set one) still wins over it.
// Kept under node_modules/.cache (written again on every run), so runs leave nothing behind in the temp folder.
const cacheDir = fileURLToPath(new URL('./node_modules/.cache/commonplace-tests/', import.meta.url));
mkdirSync(cacheDir, { recursive: true });
const gitConfig = `${cacheDir}gitconfig`;
writeFileSync(gitConfig, '[user]\n\tname = Commonplace Tests\n\temail = tests@commonplace.invalid\n[init]\n\tdefaultBranch = main\n');

export default defineConfig({
  test: {
    env: { GIT_CONFIG_GLOBAL: gitConfig },
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
      // Floors about two points under what was measured (lines 87%, functions 84%, branches 70%, statements 83.5%).
      thresholds: { lines: 85, functions: 82, branches: 68, statements: 81 },
    },
  },
});
