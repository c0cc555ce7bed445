/**
 * An issue body as GitHub writes it when someone submits an issue form: one
 * `### Label` section per field, "_No response_" for an empty one, checkboxes
 * as a task list. For tests only.
 */
import { parse } from 'yaml';

interface TemplateField {
  type: string;
  id?: string;
  attributes: { label?: string; options?: Array<string | { label: string }> };
}

/** `values`: field id → text, or for checkboxes the labels to tick. */
export function formBody(templateYaml: string, values: Record<string, string | string[]>): string {
  const template = parse(templateYaml) as { body: TemplateField[] };
  const sections: string[] = [];
  for (const f of template.body) {
    if (f.type === 'markdown') continue;
    const v = f.id ? values[f.id] : undefined;
    let text: string;
    if (f.type === 'checkboxes') {
      const chosen = new Set(Array.isArray(v) ? v : []);
      text = (f.attributes.options ?? [])
        .map((o) => (typeof o === 'string' ? o : o.label))
        .map((label) => `- [${chosen.has(label) ? 'X' : ' '}] ${label}`)
        .join('\n');
    } else text = typeof v === 'string' && v !== '' ? v : '_No response_';
    sections.push(`### ${f.attributes.label}\n\n${text}`);
  }
  return sections.join('\n\n');
}
