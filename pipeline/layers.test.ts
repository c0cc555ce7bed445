/** docs/architecture.md's layer table is the rule checker's layer order, room for room. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './project.ts';

const require = createRequire(import.meta.url);

describe('the layers', () => {
  it('in docs/architecture.md are the ones .ci/dependency-cruiser.cjs enforces, in the same order', async () => {
    const { LAYERS } = require(path.join(PROJECT_ROOT, '.ci', 'dependency-cruiser.cjs')) as { LAYERS: Array<[string, string[]]> };
    const doc = await readFile(path.join(PROJECT_ROOT, 'docs', 'architecture.md'), 'utf8');
    const table = /<!-- layers:start -->([\s\S]*?)<!-- layers:end -->/.exec(doc)?.[1] ?? '';
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| layer') && !l.startsWith('| ---'))
      .map((l) => {
        const [name, rooms] = l
          .split('|')
          .slice(1, 3)
          .map((c) => c.trim());
        return [name, [...rooms!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\/$/, ''))];
      });
    // The pages' room is the project's own site/ folder, written `../site` in the rules.
    const rules = LAYERS.map(([name, rooms]) => [name, rooms.map((r) => (r === '../site' ? 'site' : r))]);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows).toEqual(rules);
  });
});
