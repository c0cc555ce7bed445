import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { extractSubset } from './extract.ts';
import { OPERATIONS } from './operations.ts';
import { currentSubset, SUBSET_FILE } from './write-subset.ts';

describe('the pinned subset of GitHub’s OpenAPI description', () => {
  it('is what @octokit/openapi gives now for the operations Commonplace calls (npm run github:openapi regenerates it)', async () => {
    const committed = JSON.parse(await readFile(SUBSET_FILE, 'utf8'));
    expect(committed).toEqual(await currentSubset());
  });

  it('holds each operation once, with every component it references', async () => {
    const subset = JSON.parse(await readFile(SUBSET_FILE, 'utf8')) as { paths: Record<string, Record<string, { operationId: string }>> };
    const ids = Object.values(subset.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.sort()).toEqual([...OPERATIONS].sort());
    const refs = [...JSON.stringify(subset).matchAll(/"\$ref":"#\/components\/([^/]+)\/([^"]+)"/g)];
    for (const [, kind, name] of refs) expect((subset as unknown as { components: Record<string, Record<string, unknown>> }).components[kind!]?.[name!], `${kind}/${name}`).toBeDefined();
  });

  it('refuses to cut an operation GitHub does not have', () => {
    expect(() => extractSubset({ paths: {}, components: {}, info: {} }, ['repos/no-such-thing'])).toThrow('repos/no-such-thing');
  });
});
