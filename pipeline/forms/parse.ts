/**
 * Reading a submitted issue form: hostile until validated. The body is checked
 * before it is parsed (size, and that its `### ` headings are exactly the
 * form's fields, in order, each once: a text area line starting with `### `
 * could otherwise pose as another field), then parsed with GitHub's own
 * issue-parser against the form template from the default branch.
 */
import { parseIssue, parseTemplate } from '@github/issue-parser';
import { error, type Problem, type Result } from '../problems.ts';

/** The forms, by the label their template gives an issue, and their template files. */
export const FORM_TEMPLATES = {
  donation: 'donate-a-work.yml',
  withdrawal: 'withdraw-my-writing.yml',
  'use-case': 'propose-a-use-case.yml',
} as const;
export type FormKind = keyof typeof FORM_TEMPLATES;

/** GitHub's own limit on an issue body, in characters. */
export const BODY_LIMIT = 65_536;

export type FieldValue = string | string[] | { selected: string[]; unselected: string[] } | undefined;

/** Where a problem with a form is: the issue, and the field. */
export function formProblem(issue: number, field: string | undefined, message: string, hint: string): Problem {
  return error('form/field', `issue #${issue}`, message, { ...(field ? { pointer: `/${field}` } : {}), hint });
}

export function parseForm(issue: number, body: string, template: string): Result<Record<string, FieldValue>> {
  const fail = (field: string | undefined, message: string, hint: string): Result<Record<string, FieldValue>> => ({ ok: false, problems: [formProblem(issue, field, message, hint)] });
  if (body.length > BODY_LIMIT)
    return fail(undefined, `the form is ${body.length.toLocaleString('en')} characters, over GitHub's limit of ${BODY_LIMIT.toLocaleString('en')}`, 'donate a long work in parts, or by pull request');
  const text = body.replace(/\r\n?/g, '\n');
  const fields = Object.entries(parseTemplate(template)).map(([id, f]) => ({ id, label: f.label }));
  const headings = [...text.matchAll(/^###[ \t]+(.*?)[ \t]*$/gm)].map((m) => ({ label: m[1]!, line: text.slice(0, m.index).split('\n').length }));
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i]!;
    if (fields[i]?.label !== h.label) {
      const field = fields.find((f) => f.label === h.label);
      const inside = [...fields].reverse().find((f) => headings.slice(0, i).some((x) => x.label === f.label));
      return fail(
        inside?.id ?? field?.id,
        `line ${h.line} of the form starts with "###", ${field ? 'as a field heading does, out of its place' : "which is not one of the form's fields"}`,
        'a line starting with "###" inside a text field looks like a new field: remove the "###" from that line and save the issue again',
      );
    }
  }
  if (headings.length !== fields.length) {
    const missing = fields.slice(headings.length).map((f) => f.label);
    return fail(
      undefined,
      `the form is missing ${missing.length === 1 ? 'the field' : 'fields'} ${missing.map((m) => `"${m}"`).join(', ')}`,
      'open a new issue with the form, rather than a blank issue, and fill it in',
    );
  }
  return { ok: true, value: parseIssue(text, template) as Record<string, FieldValue>, problems: [] };
}

/** A single-line value of an input or dropdown field. */
export function one(v: FieldValue): string | undefined {
  if (Array.isArray(v)) return v[0];
  return typeof v === 'string' ? v : undefined;
}

/** The ticked options of a checkboxes field. */
export function ticked(v: FieldValue): string[] {
  return v && typeof v === 'object' && !Array.isArray(v) ? v.selected : [];
}
