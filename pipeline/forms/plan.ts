/**
 * What a submitted form asks the co-op to change, as files, validated with the
 * same schemas and rules as a pull request would be. Pure: the parsed fields,
 * the co-op on main and who filled in the form, in; the files (or problems) out.
 */
import { stringify } from 'yaml';
import type { Problem, Result } from '../problems.ts';
import { isWork, pathOf } from '../records/layout.ts';
import { isDeviceName } from '../records/portable-paths.ts';
import { findUnsafeMarkup } from '../text/index.ts';
import type { Coop } from '../records/types.ts';
import { FORMS, HANDLE_PATTERN, SCOPES, type Agreement, type Scope, type UseCase, type WorkFrontMatter } from '../schemas/index.ts';
import { planWithdrawal } from '../withdraw/index.ts';
import { formProblem, one, ticked, type FieldValue, type FormKind } from './parse.ts';

export interface FormPlan {
  /** path → new content, or null to delete. */
  files: Map<string, string | null>;
  /** The pull request's title (no contributed text in it). */
  title: string;
  /** What the change does, in words, for the issue and the pull request. */
  summary: string[];
}

export interface FormContext {
  coop: Coop;
  issue: number;
  /** The GitHub login of whoever filled in the form. */
  author: string;
  today: string;
  /** The writer's agreement file as it is on main (a withdrawal dates it). */
  agreementText?: string;
}

const HANDLE = new RegExp(HANDLE_PATTERN);
const HTML = /<\/?[A-Za-z!?]/;

/** A file-name slug from a title: ASCII letters and digits joined by hyphens. */
export function slugFrom(title: string, taken: ReadonlySet<string>): string {
  let base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'untitled';
  // A title "Con" or "Aux" must not make a file Windows cannot check out.
  if (isDeviceName(base)) base = `${base}-1`;
  let slug = base;
  for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
  return slug;
}

function loginOf(agreement: Agreement): string {
  return (agreement.github ?? agreement.handle).toLowerCase();
}

/** What a problem of the pasted text means, in the writer's words (the text itself is never quoted). */
const TEXT_PROBLEM_WORDS: Record<string, string> = {
  'work/mdx': 'it reads like a code statement',
  'work/script-url': 'it has a link that is not http(s)',
  'work/too-deep': 'quotes, lists, emphasis or links are nested inside each other far too deeply',
};

export function planForm(kind: FormKind, fields: Record<string, FieldValue>, ctx: FormContext): Result<FormPlan> {
  if (kind === 'donation') return planDonation(fields, ctx);
  if (kind === 'withdrawal') return planWithdrawalForm(fields, ctx);
  return planUseCase(fields, ctx);
}

/** Where a check reports a problem of one field of the form. */
type Report = (field: string, message: string, hint: string) => void;

/** A donation form's fields, each checked on its own. */
interface DonationFields {
  handle: string;
  title: string;
  form: string;
  language: string;
  scopes: Scope[];
  text: string;
}

/** The scopes ticked, by the code each option names. */
function tickedScopes(field: FieldValue, p: Report): Scope[] {
  const scopes: Scope[] = [];
  for (const label of ticked(field)) {
    const scope = /\((train-shared|train-own|display-excerpts|display-full)\b/.exec(label)?.[1] as Scope | undefined;
    if (!scope) p('scopes', 'an option of the scopes is not one the form offers', 'tick the options as the form shows them; do not edit their words');
    else scopes.push(scope);
  }
  if (scopes.length === 0) p('scopes', 'no scope is ticked: the co-op could do nothing with the work', 'tick at least one of the four');
  return scopes;
}

/** The pasted work: not empty, and no markup. Reported by field and line, never quoting the text. */
function checkText(text: string, issue: number, p: Report): void {
  if (text.trim() === '') {
    p('text', 'the text is empty', 'paste the work into "The text"');
    return;
  }
  for (const m of findUnsafeMarkup(text, `issue #${issue}`, 1)) p('text', `line ${m.line} of the text: ${TEXT_PROBLEM_WORDS[m.code] ?? 'it holds HTML or a component'}`, m.hint ?? 'write plain text');
}

/** The fields about the work itself, which every donation has. */
function donationFields(f: Record<string, FieldValue>, issue: number, p: Report): DonationFields {
  const handle = one(f.handle)?.trim() ?? '';
  if (!HANDLE.test(handle)) p('handle', 'the handle is not valid', 'use lowercase letters, digits and single hyphens, up to 39 characters, like lena-marsh');
  const title = one(f.title)?.trim() ?? '';
  if (title.length < 1 || title.length > 200) p('title', 'the title must be 1 to 200 characters', 'give the title as you want it shown');
  else if (HTML.test(title)) p('title', 'the title holds HTML', 'write the title as plain text, without < and > around words');
  const form = one(f.form) ?? '';
  if (!(FORMS as readonly string[]).includes(form)) p('form', 'choose one of the forms in the list', `one of ${FORMS.join(', ')}`);
  const language = one(f.language)?.trim() ?? '';
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(language)) p('language', 'the language is not a short language tag', 'for example en, cy or pt-BR');
  const scopes = tickedScopes(f.scopes, p);
  const text = one(f.text) ?? '';
  checkText(text, issue, p);
  return { handle, title, form, language, scopes, text };
}

/** A writer who has an agreement: it must be theirs, grant what they ticked, and not be withdrawn. */
function checkExistingWriter(existing: Agreement, d: DonationFields, author: string, p: Report): void {
  if (loginOf(existing) !== author.toLowerCase())
    p('handle', `the handle ${d.handle} belongs to a writer whose GitHub login is not @${author}`, 'use your own handle; if it is yours, set github: in your agreement to your login first');
  for (const s of d.scopes)
    if (!existing.scopes.includes(s)) p('scopes', `your agreement does not grant ${s}`, `tick only what your agreement grants (${existing.scopes.join(', ')}), or change your agreement first`);
  if (existing.withdrawn) p('handle', `${d.handle} withdrew on ${existing.withdrawn}`, 'a writer who withdrew starts again with a new handle and agreement');
}

/** How a new writer wants to be named on the site. */
function publicNameOf(f: Record<string, FieldValue>, p: Report): { display: Agreement['publicName']['display'] | undefined; name: string | undefined } {
  const naming = one(f.naming);
  const display = naming === 'my name' ? 'name' : naming === 'a pen name' ? 'pen-name' : naming === 'anonymous' ? 'anonymous' : undefined;
  if (!display) p('naming', 'choose how the site should name you', 'my name, a pen name, or anonymous');
  const name = one(f['public-name'])?.trim();
  if (display && display !== 'anonymous' && !name) p('public-name', 'the name to show is empty', 'give your name or pen name, or choose anonymous');
  if (display === 'anonymous' && name) p('public-name', 'you chose anonymous but gave a name to show', 'leave "The name to show" empty, or choose my name or a pen name');
  if (name && (name.length > 100 || HTML.test(name))) p('public-name', 'the name to show must be plain text, up to 100 characters', 'write it without HTML');
  return { display, name };
}

/** A first donation's agreement, signed in the form under the newest agreement text (undefined when unsigned or unnamed). */
function newAgreement(f: Record<string, FieldValue>, d: DonationFields, ctx: FormContext, p: Report): Agreement | undefined {
  const { display, name } = publicNameOf(f, p);
  const signature = one(f.signature)?.trim();
  if (!signature) p('signature', 'this is your first donation, so it needs your signature', 'type the name you sign the agreement with');
  else if (signature.length > 200 || HTML.test(signature)) p('signature', 'the signature must be plain text, up to 200 characters', 'type your name');
  const versions = [...ctx.coop.agreementTexts.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (!display || !signature) return undefined;
  return {
    handle: d.handle,
    ...(ctx.author.toLowerCase() !== d.handle ? { github: ctx.author } : {}),
    publicName: { display, ...(display !== 'anonymous' && name ? { name } : {}) },
    agreementVersion: versions.at(-1) ?? '1.0',
    signed: ctx.today,
    signature,
    scopes: [...d.scopes].sort((a, b) => SCOPES.indexOf(a) - SCOPES.indexOf(b)),
  };
}

/** The work's file: its record as front matter, then the text with its line ends made plain. */
function workFile(d: DonationFields): string {
  const meta: WorkFrontMatter = { title: d.title, contributor: d.handle, language: d.language, form: d.form as WorkFrontMatter['form'], scopes: d.scopes };
  return `---\n${stringify(meta).trimEnd()}\n---\n\n${d.text.replace(/\r\n?/g, '\n').trimEnd()}\n`;
}

/** A donation: the work's file, and for a first donation the writer's agreement signed in the form. */
function planDonation(f: Record<string, FieldValue>, ctx: FormContext): Result<FormPlan> {
  const problems: Problem[] = [];
  const p: Report = (field, message, hint) => problems.push(formProblem(ctx.issue, field, message, hint));
  const d = donationFields(f, ctx.issue, p);
  const existing = ctx.coop.agreements.get(d.handle);
  const files = new Map<string, string | null>();
  const summary: string[] = [];
  if (existing) checkExistingWriter(existing.value, d, ctx.author, p);
  else if (HANDLE.test(d.handle)) {
    const agreement = newAgreement(f, d, ctx, p);
    if (agreement) {
      files.set(pathOf('agreement', d.handle), `# Signed by @${ctx.author} through the donation form (issue #${ctx.issue}).\n${stringify(agreement)}`);
      summary.push(`your agreement, ${pathOf('agreement', d.handle)} (agreement text ${agreement.agreementVersion})`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const taken = new Set(ctx.coop.works.filter((w) => w.handle === d.handle).map((w) => w.slug));
  const workPath = pathOf('work', `${d.handle}/${slugFrom(d.title, taken)}`, 'md');
  files.set(workPath, workFile(d));
  summary.unshift(`the work, ${workPath}`);
  return { ok: true, value: { files, title: `Donation from the form in #${ctx.issue}`, summary }, problems: [] };
}

function planWithdrawalForm(f: Record<string, FieldValue>, ctx: FormContext): Result<FormPlan> {
  const handle = one(f.handle)?.trim() ?? '';
  const agreement = ctx.coop.agreements.get(handle);
  if (!agreement)
    return { ok: false, problems: [formProblem(ctx.issue, 'handle', `there is no writer with the handle "${HANDLE.test(handle) ? handle : '…'}"`, 'give your handle as in corpus/<handle>/')] };
  if (loginOf(agreement.value) !== ctx.author.toLowerCase()) {
    return {
      ok: false,
      problems: [
        formProblem(
          ctx.issue,
          'handle',
          `only the writer can withdraw their writing: ${handle}'s GitHub login is not @${ctx.author}`,
          'open the issue from the account your agreement names, or ask a board member to withdraw it for you',
        ),
      ],
    };
  }
  const what = one(f.what);
  const work = one(f.work)?.trim().replace(/\.md$/, '');
  if (what === 'one work' && !work) return { ok: false, problems: [formProblem(ctx.issue, 'work', 'say which work', 'give its file name without .md')] };
  const planned = planWithdrawal(ctx.coop, ctx.agreementText ?? '', { handle, ...(what === 'one work' && work ? { work } : {}), today: ctx.today });
  if (!planned.ok) return { ok: false, problems: planned.problems.map((pr) => formProblem(ctx.issue, isWork(pr.file) ? 'work' : 'handle', pr.message, pr.hint ?? '')) };
  const files = new Map<string, string | null>([...planned.value.write, ...planned.value.remove.map((r): [string, null] => [r, null])]);
  return { ok: true, value: { files, title: `Withdrawal from the form in #${ctx.issue}`, summary: planned.value.summary }, problems: [] };
}

function planUseCase(f: Record<string, FieldValue>, ctx: FormContext): Result<FormPlan> {
  const problems: Problem[] = [];
  const p = (field: string, message: string, hint: string) => problems.push(formProblem(ctx.issue, field, message, hint));
  const title = one(f.title)?.trim() ?? '';
  if (title.length < 1 || title.length > 200 || HTML.test(title)) p('title', 'the name must be plain text, 1 to 200 characters', 'give a short name without HTML');
  const description = one(f.description)?.trim() ?? '';
  if (description.length < 1 || description.length > 4000) p('description', 'say what the model would be used for, in up to 4,000 characters', 'describe the use');
  const users = one(f.users)?.trim() ?? '';
  if (users.length < 1 || users.length > 400) p('users', 'say who would use it, in up to 400 characters', 'for example, members and workshop leaders');
  const models = one(f.models);
  if (models !== 'shared' && models !== 'allotment' && models !== 'any') p('models', 'choose which models', 'shared, allotment or any');
  const conditions = (one(f.conditions) ?? '')
    .split('\n')
    .map((c) => c.trim())
    .filter(Boolean);
  if (conditions.some((c) => c.length > 400)) p('conditions', 'a condition is longer than 400 characters', 'one short condition per line');
  if ([title, description, users, ...conditions].some((t) => HTML.test(t))) p('description', 'the proposal holds HTML', 'write plain text');
  if (problems.length > 0) return { ok: false, problems };
  const slug = slugFrom(title, new Set(ctx.coop.useCases.keys()));
  const useCase: UseCase = {
    title,
    description,
    users,
    models: models as UseCase['models'],
    conditions: [...conditions, ...(one(f.demo) === 'yes' ? ['The proposer asks for a public in-browser demo; the board sets publicDemo when it approves.'] : [])],
    status: 'proposed',
    publicDemo: false,
  };
  const files = new Map<string, string | null>([[pathOf('useCase', slug), `# Proposed by @${ctx.author} through the form (issue #${ctx.issue}).\n${stringify(useCase)}`]]);
  return { ok: true, value: { files, title: `Use case proposed in #${ctx.issue}`, summary: [`the proposal, ${pathOf('useCase', slug)} (status: proposed)`] }, problems: [] };
}
