import { describe, expect, it } from 'vitest';
import type { TSchema } from '@sinclair/typebox';
import * as schemas from './index.ts';
import { validateRecord } from './validate.ts';

const RECORDS: Record<string, TSchema> = {
  work: schemas.WorkFrontMatter,
  agreement: schemas.Agreement,
  board: schemas.Board,
  policy: schemas.Policy,
  decision: schemas.DecisionFrontMatter,
  'use-case': schemas.UseCase,
  charter: schemas.CharterFrontMatter,
  coop: schemas.CoopInfo,
  'coop-page': schemas.CoopPageFrontMatter,
  'dataset-manifest': schemas.DatasetManifest,
  'dataset-index': schemas.DatasetIndex,
  'model-card': schemas.ModelCard,
  'model-index': schemas.ModelIndex,
  'model-release-statement': schemas.ModelReleaseStatement,
  withdrawal: schemas.Withdrawal,
  'base-model': schemas.BaseModel,
  'scaling-study': schemas.ScalingStudy,
  'managed-files': schemas.ManagedFiles,
};

/** Every property of every object in `schema`, with its path. */
function properties(schema: unknown, at = ''): Array<[string, { description?: string }]> {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[] };
  const out: Array<[string, { description?: string }]> = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    out.push([`${at}/${k}`, v as { description?: string }], ...properties(v, `${at}/${k}`));
  }
  if (s.items) out.push(...properties(s.items, `${at}/*`));
  for (const branch of s.anyOf ?? []) out.push(...properties(branch, at));
  return out;
}

describe('record schemas', () => {
  it.each(Object.entries(RECORDS))('%s schema describes every property', (_name, schema) => {
    const undocumented = properties(schema)
      .filter(([, p]) => !p.description)
      .map(([path]) => path);
    expect(undocumented).toEqual([]);
  });

  it('are pinned: a change to any published schema shows up in review', async () => {
    const json = JSON.stringify(RECORDS, null, 2);
    await expect(json).toMatchFileSnapshot('./__snapshots__/record-schemas.json');
  });

  it('names a misspelt scope, where it is, and the allowed values', () => {
    const lines: Record<string, number> = { '/scopes/1': 7 };
    const result = validateRecord(
      schemas.WorkFrontMatter,
      { title: 'River', contributor: 'ana', language: 'en', form: 'poem', scopes: ['train-shared', 'traning'] },
      { file: 'corpus/ana/river.md', noun: 'front matter', lineOf: (p) => lines[p] },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      file: 'corpus/ana/river.md',
      line: 7,
      pointer: '/scopes/1',
      message: 'front matter "scopes[1]" has "traning"; expected one of train-shared, train-own, display-excerpts, display-full',
    });
  });

  it('reports a missing field with what it is for, and an unknown field with the allowed ones', () => {
    const result = validateRecord(schemas.UseCase, { title: 'x', description: 'y', users: 'z', models: 'shared', conditions: [], publicDemo: false, colour: 'red' }, { file: 'u.yaml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPointer = Object.fromEntries(result.problems.map((p) => [p.pointer, p]));
    expect(byPointer['/status']?.message).toBe('field "status" is missing');
    expect(byPointer['/status']?.hint).toContain('One of proposed, approved, rejected, retired');
    expect(byPointer['/colour']?.message).toBe('field "colour" is not a known field');
    expect(byPointer['/colour']?.hint).toContain('allowed here: title, description');
  });

  it('asks for dates as YYYY-MM-DD', () => {
    const result = validateRecord(schemas.IsoDate, '14/03/2026', { file: 'a.yaml' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.hint).toMatch(/^write the date as YYYY-MM-DD/);
  });

  it('accepts a valid record and returns it typed', () => {
    const result = validateRecord(schemas.CoopInfo, { schemaVersion: 1, name: 'N', description: 'D', demo: false, visibility: 'private' }, { file: 'coop.yaml' });
    expect(result).toEqual({ ok: true, value: { schemaVersion: 1, name: 'N', description: 'D', demo: false, visibility: 'private' } });
  });
});
