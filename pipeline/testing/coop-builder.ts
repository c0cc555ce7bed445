/**
 * Builder fixtures for tests: a small, valid co-op written to a temporary
 * folder, which each test bends in the one way it is about.
 *
 *   const root = await coop().member('ana').work('ana', 'river', { body: 'water\n' }).write();
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Agreement, BaseModel, Board, DecisionFrontMatter, Policy, UseCase, Withdrawal, WorkFrontMatter } from '../schemas/index.ts';
import { adoptsYaml, planInit } from '../init/index.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

function frontMatter(data: object, body: string): string {
  return `---\n${stringify(data).trimEnd()}\n---\n\n${body}`;
}

function merge<T>(base: T, over: DeepPartial<T> | undefined): T {
  if (!over) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' ? merge(b, v as never) : v;
  }
  return out as T;
}

export interface WorkOptions extends DeepPartial<WorkFrontMatter> {
  body?: string;
  ext?: 'md' | 'txt';
}

/** A co-op under construction. Every method returns the builder. */
export class CoopBuilder {
  readonly board: Board = {
    schemaVersion: 1,
    members: ['bea', 'cai', 'dee'].map((handle) => ({ handle, name: handle.toUpperCase(), terms: [{ from: '2026-01-01', roles: ['steward' as const] }] })),
  };
  policy!: Policy;
  readonly agreements = new Map<string, Agreement>();
  readonly works = new Map<string, { meta: WorkFrontMatter; body: string }>();
  readonly decisions = new Map<string, { meta: DecisionFrontMatter; body: string }>();
  readonly useCases = new Map<string, UseCase>();
  readonly withdrawals = new Map<string, Withdrawal>();
  /** Whether the co-op's repository is public (then every work must grant display-full). */
  repoVisibility: 'public' | 'private' = 'private';
  /** Whether decision 0001 adopts the governance files as written (true unless a test is about adoption). */
  adoptGoverned = true;
  /** Raw files written last, for hostile-input tests. */
  readonly raw = new Map<string, string | Buffer>();

  constructor() {
    this.decision('0001-adopt-policy', { title: 'Adopt the policy', affects: ['policy', 'charter', 'board', 'agreement-text'] });
  }

  /** A base-model record, adopted (by sha256) by the founding decision 0001. */
  baseModel(id: string, record: BaseModel): this {
    this.baseModels.set(id, record);
    return this;
  }
  readonly baseModels = new Map<string, BaseModel>();

  /** The public address of the co-op's site (coop.yaml's siteUrl; default none). */
  site(url: string): this {
    this.siteUrl = url;
    return this;
  }
  private siteUrl?: string;

  /** Make the repository public or private (default private, so tests can use every scope). */
  visibility(v: 'public' | 'private'): this {
    this.repoVisibility = v;
    return this;
  }

  /** A withdrawal record for `handle` (as `commonplace-coop withdraw` writes it). */
  withdrawal(handle: string, works: Withdrawal['works']): this {
    this.withdrawals.set(handle, { schemaVersion: 1, handle, works });
    return this;
  }

  /** A contributor with a signed agreement (all scopes unless told). */
  member(handle: string, over?: DeepPartial<Agreement>): this {
    const base: Agreement = {
      handle,
      publicName: { display: 'name', name: `Writer ${handle}` },
      agreementVersion: '1.0',
      signed: '2026-02-01',
      signature: `Writer ${handle}`,
      scopes: ['train-shared', 'train-own', 'display-excerpts', 'display-full'],
    };
    this.agreements.set(handle, merge(base, over));
    return this;
  }

  /** A work `corpus/<handle>/<slug>.md`, with the writer's scopes unless told. */
  work(handle: string, slug: string, opts: WorkOptions = {}): this {
    const { body = `A line by ${handle} about ${slug}.\nAnother line.\n`, ext = 'md', ...over } = opts;
    const meta = merge<WorkFrontMatter>({ title: slug.replaceAll('-', ' '), contributor: handle, language: 'en', form: 'poem', scopes: this.agreements.get(handle)?.scopes ?? ['train-shared'] }, over);
    this.works.set(`${handle}/${slug}.${ext}`, { meta, body });
    return this;
  }

  /** A decision `governance/decisions/<name>.md`, accepted unanimously on 2026-01-15 unless told. */
  decision(name: string, over: DeepPartial<DecisionFrontMatter> = {}, body = '## Decision\n\nAgreed.\n'): this {
    const base: DecisionFrontMatter = {
      title: name,
      status: 'accepted',
      date: '2026-01-15',
      votes: { for: this.board.members.map((m) => m.handle), against: [], abstain: [] },
      affects: [],
    };
    this.decisions.set(name, { meta: merge(base, over), body });
    return this;
  }

  /** A use case, approved by `decision` (which it adds, affecting it) unless told. */
  useCase(slug: string, over: DeepPartial<UseCase> = {}): this {
    const base: UseCase = { title: slug, description: `Using the model for ${slug}.`, users: 'members', models: 'shared', conditions: [], status: 'approved', decision: '0002', publicDemo: false };
    this.useCases.set(slug, merge(base, over));
    return this;
  }

  /** Change the policy (applied over the template policy when written). */
  withPolicy(over: DeepPartial<Policy>): this {
    this.policyOver = merge(this.policyOver ?? {}, over);
    return this;
  }
  private policyOver?: DeepPartial<Policy>;

  /** Any file, byte for byte (relative to the root). */
  file(rel: string, content: string | Buffer): this {
    this.raw.set(rel, content);
    return this;
  }

  /** Write the co-op to `dir` (default: a new temporary folder) and return its path. */
  async write(dir?: string): Promise<string> {
    const root = dir ?? (await mkdtemp(path.join(tmpdir(), 'coop-')));
    const template = await planInit({
      metaphor: 'garden',
      name: 'Test Co-op',
      founder: 'bea',
      founderName: 'Bea',
      date: '2026-01-01',
      visibility: this.repoVisibility,
      ...(this.siteUrl ? { siteUrl: this.siteUrl } : {}),
    });
    const files = new Map<string, string | Buffer>();
    for (const rel of ['governance/coop.yaml', 'governance/charter.md', 'governance/agreement-texts/1.0.md']) files.set(rel, template.get(rel)!);
    // Fixtures give members a few lines each: sized to that (training.allotmentScaling), every
    // allotment would train one step at rank 1, so they leave sizing off unless a test sets it.
    const templatePolicy = parse(template.get('governance/policy.yaml')!) as Policy;
    const { allotmentScaling: _sizing, ...training } = templatePolicy.training;
    const policy = merge({ ...templatePolicy, training }, this.policyOver);
    files.set('governance/policy.yaml', stringify(policy));
    files.set('governance/board.yaml', stringify(this.board));
    for (const [handle, a] of this.agreements) files.set(`governance/agreements/${handle}.yaml`, stringify(a));
    for (const [rel, w] of this.works) files.set(`corpus/${rel}`, frontMatter(w.meta, w.body));
    for (const [id, b] of this.baseModels) files.set(`governance/base-models/${id}.yaml`, stringify(b));
    for (const [name, d] of this.decisions) {
      // The founding decision adopts the governance files exactly as this builder writes them.
      const founding = name === '0001-adopt-policy' && this.adoptGoverned;
      const affects = founding ? [...d.meta.affects, ...[...this.baseModels.keys()].map((id) => `base-model:${id}`)] : d.meta.affects;
      const meta = founding ? { ...d.meta, affects, adopts: parse(`adopts:\n${adoptsYaml(textFiles(files))}`).adopts } : d.meta;
      files.set(`governance/decisions/${name}.md`, frontMatter(meta, d.body));
    }
    for (const [handle, w] of this.withdrawals) files.set(`governance/withdrawals/${handle}.yaml`, stringify(w));
    for (const [slug, u] of this.useCases) files.set(`governance/use-cases/${slug}.yaml`, stringify(u));
    for (const [rel, content] of this.raw) files.set(rel, content);
    for (const [rel, content] of files) {
      const abs = path.join(root, rel);
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, content);
    }
    return root;
  }
}

function textFiles(files: ReadonlyMap<string, string | Buffer>): Map<string, string> {
  return new Map([...files].map(([rel, c]) => [rel, typeof c === 'string' ? c : c.toString('utf8')]));
}

/** Start a co-op fixture: a board of three (bea, cai, dee), a policy adopted by decision 0001. */
export function coop(): CoopBuilder {
  return new CoopBuilder();
}
