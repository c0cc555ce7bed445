import { sha256 } from '../hash/index.ts';

/**
 * Name and parameters of the split rule; part of every dataset id. @2: the shared dataset also
 * holds out every work its writer's own dataset holds out (dataset/build.ts planDatasets).
 */
export function splitRule(validationRatio: number, minValidationWorks: number): string {
  return `hash-threshold@2(ratio=${validationRatio},min=${minValidationWorks})`;
}

/** A work's position in [0, 1), from its hash alone: the same work always lands in the same place. */
export function splitKey(workHash: string): number {
  return parseInt(sha256(`split\0${workHash}`).slice(0, 8), 16) / 2 ** 32;
}

/**
 * Which works are held out for validation: those whose key falls under the
 * ratio, topped up with the lowest keys to reach the minimum, but never all
 * works (one work alone goes to training).
 */
export function validationSet(hashes: readonly string[], validationRatio: number, minValidationWorks: number): Set<string> {
  const unique = [...new Set(hashes)];
  const ranked = unique.map((h) => ({ h, k: splitKey(h) })).sort((a, b) => a.k - b.k || a.h.localeCompare(b.h));
  const byRatio = ranked.filter((r) => r.k < validationRatio).length;
  const count = Math.min(Math.max(byRatio, minValidationWorks), Math.max(0, unique.length - 1));
  return new Set(ranked.slice(0, count).map((r) => r.h));
}
