import { describe, expect, it } from 'vitest';
import { canonicalJson, contentId } from './index.ts';

describe('canonical JSON', () => {
  it('gives the same text whatever order the keys were written in, at every depth', () => {
    const a = { steps: 40, config: { lr: 0.01, layers: 2, nested: { b: 1, a: [3, 1] } }, name: 'x' };
    const b = { name: 'x', config: { nested: { a: [3, 1], b: 1 }, layers: 2, lr: 0.01 }, steps: 40 };
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"config":{"layers":2,"lr":0.01,"nested":{"a":[3,1],"b":1}},"name":"x","steps":40}');
  });

  it('keeps the order of arrays, which is meaningful', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('leaves out undefined keys as JSON does, so an absent setting and a missing one are the same', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson([undefined])).toBe('[null]');
  });

  it('escapes keys and strings as JSON does', () => {
    const tricky = { 'a"b': 'line\nbreak \u2028 "quoted"' };
    expect(JSON.parse(canonicalJson(tricky))).toEqual(tricky);
  });

  it('refuses what JSON cannot hold exactly instead of writing null or {}', () => {
    expect(() => canonicalJson({ loss: Number.NaN })).toThrow(/\$\.loss is NaN/);
    expect(() => canonicalJson({ when: new Date(0) })).toThrow(/\$\.when is a Date/);
    expect(() => canonicalJson({ files: new Map() })).toThrow(/\$\.files is a Map/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/\$\.n is a bigint/);
  });

  it('makes content ids of a prefix and the digest', () => {
    expect(contentId('m-', { a: 1 })).toMatch(/^m-[0-9a-f]{12}$/);
    expect(contentId('d', { a: 1 }, 16)).toMatch(/^d[0-9a-f]{16}$/);
    expect(contentId('m-', { a: 1, b: 2 })).toBe(contentId('m-', { b: 2, a: 1 }));
  });
});
