import { Type, type Static } from '@sinclair/typebox';
import { SchemaVersion, Sha256 } from './common.ts';

/**
 * `.commonplace/managed.json` in a co-op: which files Commonplace wrote and
 * keeps current (workflows, forms, guides), and the sha256 of each as it was
 * last written, so `upgrade` can tell a co-op's own edits from an old version.
 */
export const ManagedFiles = Type.Object(
  {
    schemaVersion: SchemaVersion,
    tool: Type.String({ minLength: 1, maxLength: 200, description: 'The Commonplace version that last wrote these files, e.g. commonplace-coop@0.1.0.' }),
    files: Type.Record(Type.String({ pattern: '^[A-Za-z0-9._/-]+$' }), Sha256('sha256 of the file as Commonplace last wrote it.'), {
      description: 'Each managed file, by its path in the co-op, with the sha256 of the version Commonplace wrote.',
    }),
  },
  { additionalProperties: false, description: 'The files Commonplace manages in a co-op repository.' },
);
export type ManagedFiles = Static<typeof ManagedFiles>;
