/**
 * Put a model's published files back from a folder the maintainer fills, as
 * `gh release download <tag> --dir DIR/<version>` leaves a model's Release:
 * DIR/<version>/<file name>. Every file is checked against the sha256 its card
 * records before any is kept, and all of them are put in place at once, so a
 * partial or altered download restores nothing and the stage goes on as if
 * there were none.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFilesAtomically } from '../fs/index.ts';
import { sha256 } from '../hash/index.ts';
import type { ModelCard } from '../schemas/index.ts';

/** Restore `card`'s weight files into `root` from `dir`; returns undefined when they are in place, or why not. */
export async function restoreFrom(dir: string, root: string, card: Pick<ModelCard, 'version' | 'weights'>): Promise<string | undefined> {
  const files = new Map<string, Uint8Array>();
  for (const f of card.weights.files) {
    const from = path.join(dir, card.version, path.basename(f.path));
    let bytes: Buffer;
    try {
      bytes = await readFile(from);
    } catch {
      return `${from} is missing`;
    }
    if (sha256(bytes) !== f.sha256) return `${from} is not the published file (its sha256 is not the card's)`;
    files.set(path.join(root, f.path), bytes);
  }
  await writeFilesAtomically(files);
  return undefined;
}
