/**
 * Checks a downloaded model release offline: every file against the statement's sha256, the card and
 * the dataset manifest against the predicate, the card's dataset against the manifest, the manifest's
 * id and content address recomputed, and the approvals against the manifest's provenance. Pure: the
 * folder's files in, each check passed or failed out.
 */
import { contentAddress, versionId } from '../dataset/index.ts';
import { error, type Problem } from '../problems.ts';
import { DatasetManifest, ModelCard, ModelReleaseStatement, validateRecord } from '../schemas/index.ts';
import { NORMALIZER } from '../text/index.ts';
import { approvalsOf, assetName, CARD_ASSET, MANIFEST_ASSET, STATEMENT_ASSET } from './statement.ts';

/** One check, in plain words. */
export interface ReleaseCheck {
  ok: boolean;
  /** The file it is about. */
  file: string;
  /** What was checked and what was found. */
  says: string;
}

export interface ReleaseVerdict {
  ok: boolean;
  checks: ReleaseCheck[];
  /** The failed checks, as problems with a hint. */
  problems: Problem[];
  /** owner/name, for `gh attestation verify --repo`, once the statement could be read. */
  repository?: string;
  /** Files in the folder that nothing here vouches for. */
  unchecked: string[];
}

const short = (hex: string) => hex.slice(0, 12);
const DOWNLOAD = 'download the release again from GitHub into an empty folder (gh release download <tag>); if it fails again, tell the co-op: do not use the model';

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A downloaded release folder: every file's sha256, and the bytes of its JSON files (weights can be large: they are only hashed). */
export interface ReleaseFolder {
  sha256: ReadonlyMap<string, string>;
  json: ReadonlyMap<string, Buffer>;
}

/** The checks, in order: the statement, the weights, the card, the manifest, the dataset export. */
export function verifyRelease(folder: ReleaseFolder): ReleaseVerdict {
  const files = folder.sha256;
  const checks: ReleaseCheck[] = [];
  const problems: Problem[] = [];
  const vouched = new Set<string>([STATEMENT_ASSET]);
  const pass = (file: string, says: string) => checks.push({ ok: true, file, says });
  const fail = (code: string, file: string, says: string, hint = DOWNLOAD) => {
    checks.push({ ok: false, file, says });
    problems.push(error(`verify-release/${code}`, file, says, { hint }));
  };
  const done = (repository?: string): ReleaseVerdict => ({
    ok: problems.length === 0,
    checks,
    problems,
    ...(repository ? { repository } : {}),
    unchecked: [...files.keys()].filter((n) => !vouched.has(n)).sort(),
  });
  /** A released file against the sha256 something names for it. */
  const matches = (name: string, expected: string, by: string): boolean => {
    vouched.add(name);
    const got = files.get(name);
    if (!got) {
      fail('missing', name, `is missing from the folder, though ${by} names it`, `download ${name} from the release too`);
      return false;
    }
    if (got !== expected) {
      fail('sha256', name, `has sha256 ${short(got)}…, but ${by} says ${short(expected)}…: it is not the file that was released`);
      return false;
    }
    pass(name, `matches ${by} (sha256 ${short(got)}…)`);
    return true;
  };

  const rawStatement = folder.json.get(STATEMENT_ASSET);
  if (!rawStatement) {
    fail('no-statement', STATEMENT_ASSET, 'is missing: nothing binds these files together', `download ${STATEMENT_ASSET} from the release too (releases made before it existed have none)`);
    return done();
  }
  const read = validateRecord(ModelReleaseStatement, parseJson(rawStatement), { file: STATEMENT_ASSET });
  if (!read.ok) {
    fail('bad-statement', STATEMENT_ASSET, `is not a Commonplace release statement (${read.problems[0]?.message ?? 'not JSON'})`);
    return done();
  }
  const statement = read.value;
  const p = statement.predicate;
  pass(STATEMENT_ASSET, `is a release statement for model ${p.model.version} of ${p.repository}, from commit ${short(p.sourceCommit)}`);

  for (const s of statement.subject) matches(s.name, s.digest.sha256, 'the statement');
  const cardOk = matches(p.model.card.name, p.model.card.sha256, 'the statement');
  const manifestOk = matches(p.dataset.manifest.name, p.dataset.manifest.sha256, 'the statement');
  for (const f of p.dataset.files) matches(f.name, f.sha256, 'the statement');

  const card = cardOk ? validateRecord(ModelCard, parseJson(folder.json.get(p.model.card.name) ?? Buffer.alloc(0)), { file: CARD_ASSET }) : undefined;
  if (card && !card.ok) fail('bad-card', CARD_ASSET, `is not a valid model card (${card.problems[0]?.message})`);
  if (card?.ok) {
    const c = card.value;
    if (c.version !== p.model.version) fail('card-version', CARD_ASSET, `is the card of ${c.version}, but the statement is about ${p.model.version}`);
    const subjects = new Map(statement.subject.map((s) => [s.name, s.digest.sha256]));
    for (const f of c.weights.files) {
      const name = assetName(f);
      if (subjects.get(name) !== f.sha256)
        fail('card-weights', name, `has sha256 ${short(f.sha256)}… on the card, but the statement ${subjects.has(name) ? `says ${short(subjects.get(name)!)}…` : 'does not name it'}`);
      else if (files.has(name)) pass(name, 'matches the card too');
    }
    if (c.weights.files.length !== statement.subject.length) fail('card-weights', STATEMENT_ASSET, `names ${statement.subject.length} weight file(s), the card ${c.weights.files.length}`);
  }

  const manifest = manifestOk ? validateRecord(DatasetManifest, parseJson(folder.json.get(p.dataset.manifest.name) ?? Buffer.alloc(0)), { file: MANIFEST_ASSET }) : undefined;
  if (manifest && !manifest.ok) fail('bad-manifest', MANIFEST_ASSET, `is not a valid dataset manifest (${manifest.problems[0]?.message})`);
  if (manifest?.ok) {
    const m = manifest.value;
    if (m.id !== p.dataset.id) fail('manifest-id', MANIFEST_ASSET, `is dataset ${m.id}, but the statement names ${p.dataset.id}`);
    if (card?.ok) {
      if (card.value.dataset === m.id) pass(CARD_ASSET, `names dataset ${m.id}, the manifest's`);
      else fail('card-dataset', CARD_ASSET, `says the model was trained on dataset ${card.value.dataset}, but the manifest is ${m.id}`);
    }
    checkAddress(m, pass, fail);
    if (JSON.stringify(approvalsOf(m)) === JSON.stringify(p.approvals)) pass(MANIFEST_ASSET, `holds the approvals the statement names: ${p.approvals.summary}`);
    else fail('approvals', STATEMENT_ASSET, "names approvals that differ from the manifest's provenance");
  }
  return done(p.repository);
}

/** The manifest's content address and id, recomputed from its works with the project's own functions. */
function checkAddress(m: DatasetManifest, pass: (file: string, says: string) => void, fail: (code: string, file: string, says: string, hint?: string) => void) {
  if (m.normalizer !== NORMALIZER) {
    fail(
      'normalizer',
      MANIFEST_ASSET,
      `was built with ${m.normalizer}; this tool has ${NORMALIZER} and cannot recompute its address`,
      'run verify-release from a version of commonplace-coop with that normalizer',
    );
    return;
  }
  const lineage = m.kind === 'allotment' && m.member ? { kind: 'allotment' as const, member: m.member } : { kind: 'shared' as const };
  const content = contentAddress(
    lineage,
    m.works.map((w) => w.hash),
    m.split.rule,
    m.works.filter((w) => w.split === 'validation').map((w) => w.hash),
  );
  if (content !== m.content) fail('manifest-content', MANIFEST_ASSET, `has content address ${m.content}, but its works hash to ${content}: its list of works was changed`);
  else if (versionId(content, m.previous) !== m.id) fail('manifest-id', MANIFEST_ASSET, `has id ${m.id}, but its content and previous version give ${versionId(content, m.previous)}`);
  else pass(MANIFEST_ASSET, `its works hash to its content address ${m.content} and id ${m.id}`);
}

/** The report: each check passed or failed, then how to check the attestation online. */
export function releaseReport(verdict: ReleaseVerdict, folder: string): string {
  const lines = verdict.checks.map((c) => `${c.ok ? 'passed' : 'FAILED'}  ${c.file} ${c.says}`);
  if (verdict.unchecked.length > 0) lines.push(`not checked  ${verdict.unchecked.join(', ')}: nothing in the statement names ${verdict.unchecked.length === 1 ? 'it' : 'them'}`);
  const failed = verdict.checks.filter((c) => !c.ok).length;
  lines.push('', failed === 0 ? `All ${verdict.checks.length} checks passed offline.` : `${failed} of ${verdict.checks.length} checks failed.`);
  if (verdict.repository)
    lines.push(
      '',
      "Online, check that GitHub's workflow made these files (GitHub CLI):",
      `  gh attestation verify ${folder}/${STATEMENT_ASSET} --repo ${verdict.repository}`,
      `  gh attestation verify ${folder}/<weight file> --repo ${verdict.repository}`,
    );
  return `${lines.join('\n')}\n`;
}
