/**
 * Cut GitHub's OpenAPI description down to the operations Commonplace calls,
 * with every component they reference (transitively), in a stable order.
 * Pure: the full description in, the subset out.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** The subset of `spec` holding `operationIds` and what they reference. */
export function extractSubset(spec: Obj, operationIds: readonly string[]): Obj {
  const wanted = new Set(operationIds);
  const paths: Obj = {};
  const found = new Set<string>();
  const pathItems = spec.paths as Obj;
  for (const p of Object.keys(pathItems).sort()) {
    const item = pathItems[p] as Obj;
    const kept: Obj = {};
    for (const m of METHODS) {
      const op = item[m] as Obj | undefined;
      if (op && wanted.has(op.operationId as string)) {
        kept[m] = slim(op);
        found.add(op.operationId as string);
      }
    }
    if (Object.keys(kept).length > 0) paths[p] = kept;
  }
  const missing = [...wanted].filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`operations not in GitHub's description: ${missing.join(', ')}`);

  // Follow $refs from the kept operations until no new component is reached.
  const components = spec.components as Record<string, Obj>;
  const refs = new Set<string>();
  const queue: Json[] = [paths];
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (Array.isArray(node)) queue.push(...node);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && !refs.has(v)) {
          refs.add(v);
          queue.push(resolve(components, v));
        } else queue.push(v);
      }
    }
  }
  const kept: Record<string, Obj> = {};
  for (const ref of [...refs].sort()) {
    const [, , kind, name] = ref.split('/');
    (kept[kind!] ??= {})[name!] = resolve(components, ref);
  }
  const sortedComponents = Object.fromEntries(
    Object.keys(kept)
      .sort()
      .map((k) => [k, kept[k]!]),
  );
  return { openapi: spec.openapi ?? null, info: { title: 'GitHub REST API: the operations Commonplace calls', version: (spec.info as Obj).version ?? null }, paths, components: sortedComponents };
}

function resolve(components: Record<string, Obj>, ref: string): Json {
  const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  const value = components[m[1]!]?.[m[2]!];
  if (value === undefined) throw new Error(`dangling $ref ${ref}`);
  return value;
}

/** An operation without what only documents it (examples, long descriptions), so the subset stays small. */
function slim(op: Obj): Obj {
  const strip = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    const out: Obj = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'examples' || k === 'x-github' || k === 'externalDocs') continue;
      out[k] = strip(v);
    }
    return out;
  };
  return strip(op) as Obj;
}
