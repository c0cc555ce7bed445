/**
 * The statement a model's release carries: its weight files (the in-toto subjects) bound to the
 * card, the dataset manifest and export, the approvals on record for the works it learned from, and
 * the source commit. Pure: records and bytes in, the statement's bytes out, the same for the same
 * inputs (so publishing again changes nothing).
 */
import path from 'node:path';
import { sha256 } from '../hash/index.ts';
import { type DatasetManifest, MODEL_RELEASE_PREDICATE, type ModelCard, type ModelReleasePredicate, type ModelReleaseStatement } from '../schemas/index.ts';

/** The statement's asset name on a release. */
export const STATEMENT_ASSET = 'provenance.intoto.json';
/** The card's asset name on a release. */
export const CARD_ASSET = 'card.json';
/** The dataset manifest's asset name on a release. */
export const MANIFEST_ASSET = 'dataset-manifest.json';

export interface StatementInputs {
  card: ModelCard;
  /** card.json as released. */
  cardBytes: Buffer;
  manifest: DatasetManifest;
  /** registry/datasets/<id>.json as released. */
  manifestBytes: Buffer;
  /** The dataset export's files as released (name → bytes); empty when it is not attached. */
  exportFiles: ReadonlyMap<string, Buffer>;
  /** owner/name on GitHub. */
  repository: string;
  /** The commit the pipeline ran on when the release was first made. */
  source: string;
}

/** The asset name of a weight file: its file name (the card gives it under artifacts/models/<version>/). */
export const assetName = (file: { path: string }) => path.posix.basename(file.path.replace(/\\/g, '/'));

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The merges that brought the manifest's works in, with who approved each, and the works with none. */
export function approvalsOf(manifest: DatasetManifest): ModelReleasePredicate['approvals'] {
  const merges = new Map<string, { commit: string; pullRequest?: number; approvedBy: string[]; works: string[] }>();
  const unreviewed: string[] = [];
  for (const w of manifest.works) {
    const merge = w.provenance?.merge;
    if (!merge) {
      unreviewed.push(w.hash);
      continue;
    }
    const m = merges.get(merge.commit) ?? { commit: merge.commit, ...(merge.pullRequest ? { pullRequest: merge.pullRequest } : {}), approvedBy: [...merge.approvedBy].sort(), works: [] };
    m.works.push(w.hash);
    merges.set(merge.commit, m);
  }
  const list = [...merges.values()].sort((a, b) => (a.commit < b.commit ? -1 : 1)).map((m) => ({ ...m, works: [...new Set(m.works)].sort() }));
  const approved = list.filter((m) => m.approvedBy.length > 0);
  const works = manifest.works.length;
  const summary =
    works === 0
      ? 'The dataset holds no works.'
      : [
          `${works - unreviewed.length} of ${works} works reached main through ${list.length} main-line commit(s) on record, ${approved.length} of them with recorded approvals.`,
          list.length > approved.length
            ? `${list.length - approved.length} of those commits carry no recorded approval (committed directly, or approved where neither GitHub's reviews nor the merge trailers say so).`
            : '',
          unreviewed.length > 0 ? `${unreviewed.length} work(s) have no main-line commit on record (the dataset was built outside git): no approval is recorded for them.` : '',
        ]
          .filter(Boolean)
          .join(' ');
  return { merges: list, unreviewed: [...new Set(unreviewed)].sort(), summary };
}

/** The statement as a record. */
export function releaseStatement(inputs: StatementInputs): ModelReleaseStatement {
  const { card, manifest } = inputs;
  const subject = card.weights.files.map((f) => ({ name: assetName(f), digest: { sha256: f.sha256 } })).sort(byName);
  const files = [...inputs.exportFiles].map(([name, data]) => ({ name, sha256: sha256(data) })).sort(byName);
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject,
    predicateType: MODEL_RELEASE_PREDICATE,
    predicate: {
      schemaVersion: 1,
      repository: inputs.repository,
      sourceCommit: inputs.source,
      model: { version: card.version, kind: card.kind, ...(card.member ? { member: card.member } : {}), card: { name: CARD_ASSET, sha256: sha256(inputs.cardBytes) } },
      dataset: { id: manifest.id, content: manifest.content, manifest: { name: MANIFEST_ASSET, sha256: sha256(inputs.manifestBytes) }, files },
      approvals: approvalsOf(manifest),
    },
  };
}

/** The statement's bytes: two-space JSON in the key order above, and a final newline. */
export function statementBytes(inputs: StatementInputs): Buffer {
  return Buffer.from(`${JSON.stringify(releaseStatement(inputs), null, 2)}\n`, 'utf8');
}
