import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { error, type Problem } from '../problems.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under Node's ESM loader.
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
addFormats(ajv, ['date', 'date-time', 'uri']);

const compiled = new WeakMap<TSchema, ValidateFunction>();

function validatorFor(schema: TSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** Where a record came from, so problems can point into the file. */
export interface RecordSource {
  /** Path relative to the co-op root. */
  file: string;
  /** Line of a JSON pointer in the file, when the file format allows finding it. */
  lineOf?: (pointer: string) => number | undefined;
  /** What the record is called in messages: "front matter" or "field". */
  noun?: string;
}

/**
 * Check `data` against `schema`. Returns the typed value, or problems that
 * say which field is wrong, what was expected and where the field's meaning is described.
 */
export function validateRecord<T extends TSchema>(schema: T, data: unknown, source: RecordSource): { ok: true; value: Static<T> } | { ok: false; problems: Problem[] } {
  const validate = validatorFor(schema);
  if (validate(data)) return { ok: true, value: data as Static<T> };
  const problems = (validate.errors ?? []).filter(notNoise).map((e) => toProblem(e, source));
  return { ok: false, problems: dedupe(problems) };
}

// `if`/`anyOf` wrappers repeat what their branches already said.
function notNoise(e: ErrorObject): boolean {
  return e.keyword !== 'if' && e.keyword !== 'anyOf';
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.pointer}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function fieldName(pointer: string): string {
  if (pointer === '') return '(top level)';
  return pointer
    .slice(1)
    .split('/')
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i === 0 ? '' : '.'}${part}`))
    .join('');
}

function show(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function toProblem(e: ErrorObject, source: RecordSource): Problem {
  const noun = source.noun ?? 'field';
  let pointer = e.instancePath;
  let message: string;
  const description = (e.parentSchema as { description?: string } | undefined)?.description;
  let hint = description;
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      pointer = `${pointer}/${missing}`;
      message = `${noun} "${fieldName(pointer)}" is missing`;
      const prop = (e.parentSchema as { properties?: Record<string, { description?: string }> }).properties?.[missing];
      hint = `add "${missing}": ${prop?.description ?? 'see the schema'}`;
      break;
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      pointer = `${pointer}/${extra}`;
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      message = `${noun} "${fieldName(pointer)}" is not a known field`;
      hint = `remove it or fix its spelling; allowed here: ${allowed.join(', ')}`;
      break;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      message = `${noun} "${fieldName(pointer)}" has ${show(e.data)}; expected one of ${allowed.join(', ')}`;
      break;
    }
    case 'format':
      message = `${noun} "${fieldName(pointer)}" is ${show(e.data)}, which is not a valid ${e.params.format}`;
      hint = e.params.format === 'date' ? `write the date as YYYY-MM-DD (e.g. 2026-03-14)${description ? `; ${description}` : ''}` : description;
      break;
    case 'pattern':
      message = `${noun} "${fieldName(pointer)}" has ${show(e.data)}, which is not in the expected form`;
      break;
    case 'type':
      message = `${noun} "${fieldName(pointer)}" is ${show(e.data)}; expected ${e.params.type === 'array' ? 'a list' : `a ${e.params.type}`}`;
      break;
    case 'uniqueItems':
      message = `${noun} "${fieldName(pointer)}" lists the same value twice`;
      hint = 'remove the repeated entry';
      break;
    default:
      message = `${noun} "${fieldName(pointer)}" ${e.message ?? 'is not valid'}`;
  }
  const line = source.lineOf?.(pointer);
  return error(`schema/${e.keyword}`, source.file, message, {
    pointer,
    ...(line !== undefined ? { line } : {}),
    ...(hint ? { hint } : {}),
  });
}
