/** Fill `{{key}}` placeholders. YAML-bound values are quoted by the caller's template. */
export function renderTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => vars[key] ?? whole);
}
