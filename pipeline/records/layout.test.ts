import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../project.ts';
import { classifyChange } from '../quorum/index.ts';
import { CHANGE_KINDS } from '../schemas/index.ts';
import { changeKindOf, DOC_FILES, FILE_KINDS, FOLDER_KINDS, isRecordPath, isWork, kindUnder, LAYOUT, layoutFor, pathOf, RECORD_KINDS, RECORD_ROOTS, recordAt, type RecordKind } from './layout.ts';

/** Every file of the demo co-op under corpus/ and governance/, relative to the project root. */
async function demoFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const root of RECORD_ROOTS) {
    for (const e of await readdir(path.join(PROJECT_ROOT, root), { recursive: true, withFileTypes: true })) {
      if (e.isFile()) out.push(path.relative(PROJECT_ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    }
  }
  return out.sort();
}

/** A key of the right form for each kind, as the demo co-op would name it. */
const SAMPLE_KEYS: Record<RecordKind, string> = {
  info: '',
  board: '',
  policy: '',
  charter: '',
  agreement: 'ana-okafor',
  agreementText: '1.0',
  baseModel: 'smollm2-135m',
  decision: '0003-approve-public-demo',
  useCase: 'public-demo',
  page: 'about',
  withdrawal: 'sam-whitlock',
  work: 'ana-okafor/low-water',
};

/** Paths one step from a record's place, each of which the layout must refuse. */
const NEAR_MISSES: Record<RecordKind, string[]> = {
  info: ['governance/coop.yml', 'governance/Coop.yaml'],
  board: ['governance/board.yml', 'governance/boards.yaml'],
  policy: ['governance/policy.yml', 'governance/policy.yaml.bak'],
  charter: ['governance/charter.mdx', 'governance/Charter.md'],
  agreement: ['governance/agreements/Ana.yaml', 'governance/agreements/ana.json', 'governance/agreements/ana/ana.yaml', 'governance/agreements/-ana.yaml'],
  agreementText: ['governance/agreement-texts/1.md', 'governance/agreement-texts/v1.0.md', 'governance/agreement-texts/1.0.txt'],
  baseModel: ['governance/base-models/SmolLM.yaml', 'governance/base-models/smol_lm.yaml', 'governance/base-models/smol.md'],
  decision: ['governance/decisions/003-approve.md', 'governance/decisions/0003.md', 'governance/decisions/0003-Approve.md', 'governance/decisions/0003-approve.yaml'],
  useCase: ['governance/use-cases/public demo.yaml', 'governance/use-cases/public--demo.yaml', 'governance/use-cases/public-demo.md'],
  page: ['governance/pages/About.md', 'governance/pages/about.mdx', 'governance/pages/about.yaml'],
  withdrawal: ['governance/withdrawals/Sam.yaml', 'governance/withdrawals/sam.md'],
  work: [
    'corpus/ana-okafor/Low-Water.md',
    'corpus/ana-okafor/low-water.mdx',
    'corpus/ana-okafor/low-water.pdf',
    'corpus/low-water.md',
    'corpus/Ana/low-water.md',
    'corpus/ana/2024/low-water.md',
    `corpus/ana/${'a'.repeat(81)}.md`,
  ],
};

describe('the co-op layout', () => {
  it('places every record kind under corpus/ or governance/, and nothing else is a record root', () => {
    expect(RECORD_ROOTS).toEqual(['corpus', 'governance']);
    for (const kind of RECORD_KINDS) expect(isRecordPath(pathOf(kind, SAMPLE_KEYS[kind])), kind).toBe(true);
    expect(isRecordPath('.github/CODEOWNERS')).toBe(false);
    expect(isRecordPath('corpus')).toBe(false);
  });

  it('has one row per kind, either one file or a folder, and no two rows claim the same place', () => {
    expect([...FILE_KINDS, ...FOLDER_KINDS].sort()).toEqual([...RECORD_KINDS].sort());
    const places = RECORD_KINDS.map((k) => {
      const row = layoutFor(k);
      return 'file' in row ? row.file : `${row.folder}/`;
    });
    expect(new Set(places).size).toBe(places.length);
    for (const a of places) for (const b of places) if (a !== b) expect(a.startsWith(b), `${a} inside ${b}`).toBe(false);
  });

  it("accepts every file of the demo co-op as a record of its folder's kind, except the folders' READMEs", async () => {
    const files = await demoFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      if (DOC_FILES.has(path.posix.basename(file))) continue;
      const at = recordAt(file);
      expect(at, file).toBeDefined();
      expect(at!.kind).toBe(kindUnder(file));
      expect(pathOf(at!.kind, at!.key, at!.ext)).toBe(file);
    }
    const kindsPresent = new Set(files.map((f) => recordAt(f)?.kind));
    for (const kind of ['info', 'board', 'policy', 'charter', 'agreement', 'agreementText', 'decision', 'useCase', 'page', 'withdrawal', 'work'] as const) {
      expect(kindsPresent.has(kind), `the demo co-op has a ${kind}`).toBe(true);
    }
  });

  it('refuses a near miss of every kind: a wrong name, extension, case or depth', () => {
    for (const kind of RECORD_KINDS) {
      for (const miss of NEAR_MISSES[kind]) expect(recordAt(miss), miss).toBeUndefined();
    }
  });

  it('with anyName, finds the key of a badly named file still in the right folder, depth and extension', () => {
    expect(recordAt('governance/withdrawals/Sam_W.yaml', { anyName: true })).toEqual({ kind: 'withdrawal', key: 'Sam_W', ext: 'yaml' });
    expect(recordAt('governance/agreements/a.b.yml', { anyName: true })).toEqual({ kind: 'agreement', key: 'a.b', ext: 'yml' });
    expect(recordAt('governance/agreements/.yaml', { anyName: true })).toBeUndefined();
    expect(recordAt('governance/agreements/ana/x.yaml', { anyName: true })).toBeUndefined();
  });

  it('round-trips pathOf and recordAt for every kind and every extension it allows', () => {
    for (const kind of RECORD_KINDS) {
      const row = layoutFor(kind);
      for (const ext of 'file' in row ? [undefined] : row.ext) {
        const p = pathOf(kind, SAMPLE_KEYS[kind], ext);
        const at = recordAt(p);
        expect(at, p).toBeDefined();
        expect(at!.kind).toBe(kind);
        expect(pathOf(at!.kind, at!.key, at!.ext)).toBe(p);
      }
    }
    expect(pathOf('agreement', 'ana')).toBe('governance/agreements/ana.yaml');
    expect(pathOf('work', 'ana/river')).toBe('corpus/ana/river.md');
    expect(pathOf('work', 'ana/river', 'txt')).toBe('corpus/ana/river.txt');
    expect(recordAt('corpus/ana/river.txt')).toEqual({ kind: 'work', key: 'ana/river', ext: 'txt' });
    expect(recordAt('governance/decisions/0003-approve-public-demo.md')).toEqual({ kind: 'decision', key: '0003-approve-public-demo', ext: 'md' });
  });

  it('counts a change to each kind as its change kind, exactly as the quorum classifies it', () => {
    for (const kind of RECORD_KINDS) {
      const p = pathOf(kind, SAMPLE_KEYS[kind]);
      expect(changeKindOf(p), p).toBe(layoutFor(kind).change);
      expect(classifyChange([{ path: p, status: 'modified' }]), p).toEqual([layoutFor(kind).change]);
      expect(CHANGE_KINDS).toContain(layoutFor(kind).change);
    }
  });

  it('keeps the quorum’s special cases: a removed work is a withdrawal, the charter, facts and pages are policy, base models and MDX are code', () => {
    expect(changeKindOf('corpus/ana/river.md', true)).toBe('withdrawal');
    expect(classifyChange([{ path: 'corpus/ana/river.md', status: 'removed' }])).toEqual(['withdrawal']);
    expect(changeKindOf('governance/agreements/ana.yaml', true)).toBe('agreement');
    for (const p of ['governance/charter.md', 'governance/coop.yaml', 'governance/pages/about.md']) expect(changeKindOf(p), p).toBe('policy');
    expect(changeKindOf('governance/base-models/smol.yaml')).toBe('code');
    for (const p of ['corpus/ana/river.mdx', 'governance/pages/about.MDX', 'governance/decisions/0009-x.mdx']) expect(changeKindOf(p), p).toBe('code');
  });

  it('gives any path inside a folder its kind whatever its name, and anything the layout does not hold is code', () => {
    expect(changeKindOf('corpus/README.md')).toBe('donation');
    expect(changeKindOf('corpus/Bad Name/x.pdf')).toBe('donation');
    expect(changeKindOf('governance/decisions/notes.txt')).toBe('decision');
    for (const p of ['governance/README.md', 'governance/stray.yaml', '.github/workflows/gate.yml', 'package.json', 'corpus', 'governance/policy.yaml/x']) expect(changeKindOf(p), p).toBe('code');
    expect(isWork('corpus/README.md')).toBe(true);
    expect(isWork('governance/agreements/ana.yaml')).toBe(false);
    expect(isWork('corpusx/ana/river.md')).toBe(false);
  });

  it("matches docs/architecture.md's Records table: every file and folder of the layout is listed there", async () => {
    const doc = await readFile(path.join(PROJECT_ROOT, 'docs/architecture.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## Records'), doc.indexOf('## Glossary'));
    for (const kind of RECORD_KINDS) {
      const row = layoutFor(kind);
      expect(table, kind).toContain('file' in row ? `\`${row.file}` : `\`${row.folder}/`);
    }
  });
});

describe('LAYOUT', () => {
  it('names the schema each record kind validates against, and only the agreement texts are prose', () => {
    expect(RECORD_KINDS.filter((k) => !layoutFor(k).schema)).toEqual(['agreementText']);
    expect(LAYOUT.work.perWriter).toBe(true);
  });
});
