/**
 * GitHub's published OpenAPI description (the pinned subset of the operations
 * Commonplace calls) as the offline test server's contract: routes from its
 * paths, ajv validators for each request body and response, and valid
 * instances of its schemas for the server to fill in.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { SUBSET_FILE } from '../../github/openapi/write-subset.ts';

const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

type Schema = Record<string, unknown>;

export interface Route {
  operationId: string;
  method: string;
  template: string;
  pattern: RegExp;
  params: string[];
  /** Pointer to the operation in the subset, for its validators. */
  pointer: string;
  operation: Schema;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class GitHubContract {
  private static one?: GitHubContract;
  /** One contract per process: compiling GitHub's schemas takes seconds, and they never change. */
  static shared(): GitHubContract {
    GitHubContract.one ??= new GitHubContract();
    return GitHubContract.one;
  }

  readonly spec: Schema;
  readonly routes: Route[] = [];
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.spec = typelessNullable(JSON.parse(readFileSync(SUBSET_FILE, 'utf8'))) as Schema;
    // OpenAPI 3.0 schemas: `nullable`, and keywords ajv does not know (discriminator, example) are tolerated.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(this.spec, 'github');
    const paths = this.spec.paths as Record<string, Record<string, Schema>>;
    for (const [template, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const params: string[] = [];
        const source = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
          params.push(name);
          // A `x-multi-segment` parameter (a ref name, a file path) may hold slashes.
          return (operation.parameters as Schema[] | undefined)?.some((p) => p.name === name && p['x-multi-segment']) || name === 'path' || name === 'ref' ? '(.+)' : '([^/]+)';
        });
        this.routes.push({
          operationId: operation.operationId as string,
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}$`),
          params,
          pointer: `#/paths/${escapePointer(template)}/${method}`,
          operation,
        });
      }
    }
    // Literal segments first, so /releases/assets/{id} wins over /releases/{release_id}.
    this.routes.sort((a, b) => a.params.length - b.params.length || b.template.length - a.template.length);
  }

  /** The route for a request, with its path parameters. */
  match(method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(pathname);
      if (m) return { route, params: Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(m[i + 1]!)])) };
    }
    return undefined;
  }

  /** Problems with a request body, in words; none when it is valid (or the operation takes none). */
  checkRequest(route: Route, body: unknown): string[] {
    const rb = route.operation.requestBody as { content?: Record<string, unknown>; required?: boolean } | undefined;
    if (!rb) return body === undefined ? [] : [`${route.operationId} takes no request body`];
    if (!rb.content?.['application/json']) return [];
    if (body === undefined) return rb.required ? [`${route.operationId} requires a request body`] : [];
    return this.check(`${route.pointer}/requestBody/content/application~1json/schema`, body, `${route.operationId} request`);
  }

  /** Problems with a response the server is about to send. */
  checkResponse(route: Route, status: number, body: unknown): string[] {
    const responses = route.operation.responses as Record<string, Schema>;
    const raw = responses[String(status)];
    if (!raw) return [`${route.operationId} does not declare a ${status} response`];
    // A shared response (e.g. not_found) is a $ref into components/responses.
    const pointer = typeof raw.$ref === 'string' ? (raw.$ref as string).slice(1) : `${route.pointer.slice(1)}/responses/${status}`;
    const declared = this.resolve(raw) as { content?: Record<string, unknown> };
    // A response the description gives no content for leaves its body unspecified (GitHub's 422s carry
    // an error object the description omits; octokit/fixtures records it).
    if (!declared.content?.['application/json']) return [];
    return this.check(`#${pointer}/content/application~1json/schema`, body, `${route.operationId} ${status} response`);
  }

  private check(pointer: string, data: unknown, what: string): string[] {
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `github${pointer}` });
      this.cache.set(pointer, validate);
    }
    if (validate(data)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => `${what}: ${e.instancePath || '/'} ${e.message}`);
  }

  /** A valid instance of a component schema (`schemas/<name>`), with `over` merged on top. */
  instance<T = Record<string, unknown>>(name: string, over: Record<string, unknown> = {}): T {
    return deepMerge(this.sample({ $ref: `#/components/schemas/${name}` }, 0), over) as T;
  }

  private resolve(schema: Schema): Schema {
    let s = schema;
    while (typeof s.$ref === 'string') {
      const [, , kind, name] = (s.$ref as string).split('/');
      s = (this.spec.components as Record<string, Record<string, Schema>>)[kind!]![name!]!;
    }
    return s;
  }

  /** A minimal instance: every required property, with the simplest valid value. */
  private sample(schema: Schema, depth: number): unknown {
    const s = this.resolve(schema);
    if (depth > 12) return null;
    if (s.allOf) return Object.assign({}, ...(s.allOf as Schema[]).map((x) => this.sample(x, depth + 1)));
    if (s.anyOf) return this.sample((s.anyOf as Schema[])[0]!, depth + 1);
    if (s.oneOf) return this.sample((s.oneOf as Schema[])[0]!, depth + 1);
    if (s.enum) return (s.enum as unknown[])[0];
    if (s.nullable && s.type !== 'object') return null;
    switch (s.type) {
      case 'string':
        return s.format === 'date-time'
          ? '2026-01-01T00:00:00Z'
          : s.format === 'uri'
            ? 'https://example.invalid/'
            : s.format === 'email'
              ? 'someone@example.invalid'
              : s.format === 'date'
                ? '2026-01-01'
                : '';
      case 'integer':
      case 'number':
        return typeof s.minimum === 'number' ? s.minimum : 1;
      case 'boolean':
        return false;
      case 'array':
        return [];
      default: {
        if (s.nullable) return null;
        const out: Record<string, unknown> = {};
        const props = (s.properties ?? {}) as Record<string, Schema>;
        for (const key of (s.required ?? []) as string[]) out[key] = props[key] ? this.sample(props[key]!, depth + 1) : null;
        return out;
      }
    }
  }
}

/**
 * OpenAPI 3.0 allows `nullable: true` beside `anyOf` or `$ref` with no `type`; ajv does
 * not. Such a schema becomes `anyOf: [itself, {type: null}]`, which means the same.
 */
function typelessNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(typelessNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = typelessNullable(v);
  if (out.nullable === true && !('type' in out)) {
    const { nullable: _n, description, ...rest } = out;
    return { ...(description ? { description } : {}), anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!over || typeof over !== 'object' || Array.isArray(over) || !base || typeof base !== 'object' || Array.isArray(base)) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v);
  return out;
}
