/**
 * Benchmark: how much of what the co-op's models wrote on their cards is credited to a donated
 * work (site/views/credit-index.ts, text/window-hash.ts), on a co-op (the demo in this repository
 * unless told): the index's size, and over every sample of every card, the share of the model's
 * characters that lie in credited spans and how many spans, at the policy's k and, with --k, at
 * another length.
 *
 *   npm run bench:credits [-- --root DIR --k N]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { normalizedTexts } from '../pipeline/dataset/index.ts';
import { PROJECT_ROOT } from '../pipeline/project.ts';
import { loadCoop } from '../pipeline/records/load-coop.ts';
import { loadSiteView } from '../pipeline/site/index.ts';
import { creditIndex, creditWorks } from '../pipeline/site/views/credit-index.ts';
import { creditSpans, type WindowIndex } from '../pipeline/text/index.ts';

const { values } = parseArgs({ options: { root: { type: 'string', default: PROJECT_ROOT }, k: { type: 'string' } } });
const view = await loadSiteView(path.resolve(values.root!));
const u32 = (b64: string) => {
  const b = Buffer.from(b64, 'base64');
  return Uint32Array.from({ length: b.length / 4 }, (_, i) => b.readUInt32LE(i * 4));
};
let published = view.credits;
if (values.k) {
  const { coop } = await loadCoop(view.root);
  const byHash = new Map([...(await normalizedTexts(view.root, coop.works))].map(([file, t]) => [coop.works.find((w) => w.file === file)!.hash, t]));
  const withdrawn = new Set(view.withdrawn.map((w) => w.hash));
  published = creditIndex(
    creditWorks(view, byHash, (_h, hash) => withdrawn.has(hash)),
    Number(values.k),
  );
}
const index: WindowIndex = { k: published.k, hashes: u32(published.hashes), works: u32(published.work) };
const bytes = Buffer.byteLength(JSON.stringify(published));
console.log(
  `credit index: k=${index.k}, ${published.windows} windows of ${published.works.length} works (${published.works.filter((c) => c === null).length} private), ${(bytes / 1024).toFixed(1)} KiB as JSON`,
);
let characters = 0;
let credited = 0;
let spans = 0;
let privateSpans = 0;
let samples = 0;
for (const m of view.models) {
  for (const s of m.card.samples) {
    samples++;
    const found = creditSpans(`${s.prompt}${s.text}`, index, s.prompt.length);
    characters += s.text.length;
    spans += found.length;
    privateSpans += found.filter((f) => published.works[f.work] === null).length;
    credited += found.reduce((n, f) => n + f.end - f.start, 0);
  }
}
console.log(`samples: ${samples} on ${view.models.length} cards, ${characters} characters the models wrote`);
console.log(`credited: ${credited} characters (${((100 * credited) / Math.max(characters, 1)).toFixed(2)}%) in ${spans} spans (${privateSpans} from private works)`);
