/**
 * A model's contribution ledger: for each writer whose writing it trained on, how many works and
 * characters, and their share of its training tokens. Writers are named only as they asked (the
 * site's public identity: a name, a pen name, an anonymous label, or "a writer who has since
 * withdrawn"); held-out works, which no model trains on, are counted apart. Pure over the records.
 */
import type { PublicIdentity } from '../../consent/index.ts';
import type { DatasetManifest, ModelCard } from '../../schemas/index.ts';

export interface LedgerRow {
  /** The writer as the site names them. */
  writer: string;
  /** Their page on the site. */
  page: string;
  works: number;
  characters: number;
  /** Share of the model's training tokens, 0–1. */
  share: number;
  /** Their works the dataset held out for validation (not trained on). */
  heldOutWorks: number;
  heldOutCharacters: number;
}

export interface ModelLedger {
  model: string;
  dataset: string;
  /** What a token is for this model, in words, and whether the shares are exact. */
  tokens: string;
  /** The model it was fine-tuned from, whose own ledger counts the writing it learnt first. */
  startsFrom: string | null;
  totals: { works: number; characters: number; heldOutWorks: number; heldOutCharacters: number };
  /** Largest share first, then by name. */
  rows: LedgerRow[];
}

/** The ledger of `card`, over its dataset's manifest; `identities` names writers as the site does. */
export function modelLedger(card: ModelCard, dataset: DatasetManifest, identities: ReadonlyMap<string, PublicIdentity>): ModelLedger {
  const rows = new Map<string, LedgerRow>();
  for (const w of dataset.works) {
    const who = identities.get(w.contributor);
    const key = who?.slug ?? 'unknown';
    const row = rows.get(key) ?? { writer: who?.name ?? 'A writer', page: `/contributors/${key}/`, works: 0, characters: 0, share: 0, heldOutWorks: 0, heldOutCharacters: 0 };
    if (w.split === 'train') {
      row.works++;
      row.characters += w.characters;
    } else {
      row.heldOutWorks++;
      row.heldOutCharacters += w.characters;
    }
    rows.set(key, row);
  }
  const trained = dataset.totals.train.characters;
  for (const r of rows.values()) r.share = trained ? r.characters / trained : 0;
  const charLevel = card.architecture.type === 'char-transformer';
  return {
    model: card.version,
    dataset: dataset.id,
    tokens: charLevel
      ? 'Each character is one token, so a writer’s share of the characters trained on is their share of the training tokens.'
      : 'The model reads tokens of its tokenizer; shares are of the characters trained on, which its tokens follow closely but not exactly.',
    startsFrom: card.baseModel,
    totals: { works: dataset.totals.train.works, characters: trained, heldOutWorks: dataset.totals.validation.works, heldOutCharacters: dataset.totals.validation.characters },
    rows: [...rows.values()].sort((a, b) => b.share - a.share || a.writer.localeCompare(b.writer)),
  };
}

/** The ledger as CSV (RFC 4180: every field quoted, quotes doubled), with a header row. */
export function ledgerCsv(ledger: ModelLedger): string {
  const q = (v: string | number) => `"${String(v).replaceAll('"', '""')}"`;
  const lines = [
    ['writer', 'works', 'characters', 'share_of_training_tokens', 'held_out_works', 'held_out_characters'],
    ...ledger.rows.map((r) => [r.writer, r.works, r.characters, r.share.toFixed(6), r.heldOutWorks, r.heldOutCharacters]),
  ];
  return `${lines.map((l) => l.map(q).join(',')).join('\r\n')}\r\n`;
}
