/**
 * Building blocks shared by the record schemas. Each is a JSON Schema
 * (built with TypeBox so the TypeScript type is derived, not written twice).
 */
import { CloneType, Type, type SchemaOptions, type Static, type TSchema } from '@sinclair/typebox';

/** A string that must be one of `values` (a JSON Schema `enum`, so errors list the allowed values). */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** The consent scopes a writer can grant. The one list every rule and page reads. */
export const SCOPES = ['train-shared', 'train-own', 'display-excerpts', 'display-full'] as const;

export const Scope = StringEnum(SCOPES, {
  description: 'A consent scope: what the co-op may do with the writing.',
  examples: ['train-shared'],
});
export type Scope = Static<typeof Scope>;

export const Scopes = Type.Array(Scope, {
  uniqueItems: true,
  description: 'Consent scopes granted, e.g. [train-shared, display-excerpts].',
});

/** A member's handle: lowercase, digits and single hyphens, like a GitHub login. */
export const HANDLE_PATTERN = '^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$';
export const Handle = Type.String({
  pattern: HANDLE_PATTERN,
  description: "A member's handle: lowercase letters, digits and single hyphens (e.g. ana-okafor).",
  examples: ['ana-okafor'],
});

/** A file-name slug: lowercase words joined by single hyphens. */
export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const Slug = Type.String({
  pattern: SLUG_PATTERN,
  maxLength: 80,
  description: 'A slug: lowercase letters and digits joined by single hyphens (e.g. river-road).',
});

/** A calendar date, written YYYY-MM-DD. */
export const IsoDate = Type.String({
  format: 'date',
  description: 'A calendar date, YYYY-MM-DD.',
  examples: ['2026-03-14'],
});

/** A decision's four-digit number, as in governance/decisions/0003-….md. */
export const DecisionId = Type.String({
  pattern: '^[0-9]{4}$',
  description: 'A decision number, the four digits that start its file name (e.g. "0003").',
  examples: ['0003'],
});

/** A sha256 digest, 64 lowercase hex digits. */
export const Sha256 = (description: string) => Type.String({ pattern: '^[0-9a-f]{64}$', description });

/** The schema version every generated or governance record carries. */
export const SchemaVersion = Type.Literal(1, { description: 'Version of this record format.' });

/** The same schema with its own description (for a field that reuses a building block). */
export function describe<T extends TSchema>(schema: T, description: string): T {
  return CloneType(schema, { description });
}
