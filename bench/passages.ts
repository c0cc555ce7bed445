/**
 * Benchmark: the passage filter of "Is a passage of my writing in it?" on a co-op (the demo in
 * this repository unless told): its parameters, and its false-positive rate measured by asking it
 * about random runs of words that are in no text (words drawn from the co-op's own vocabulary,
 * seeded, so the numbers are the same on every run), beside the rate it states.
 *
 *   npm run bench:passages [-- --root DIR --queries N --seed N]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { normalizedTexts } from '../pipeline/dataset/index.ts';
import { PROJECT_ROOT } from '../pipeline/project.ts';
import { loadCoop } from '../pipeline/records/load-coop.ts';
import { loadSiteView } from '../pipeline/site/index.ts';
import { bloomHas, passageWords, wordNgrams } from '../pipeline/text/index.ts';
import { rng } from './synthetic-coop.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: PROJECT_ROOT },
    queries: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '24' },
  },
});

const started = performance.now();
const view = await loadSiteView(path.resolve(values.root!));
const f = view.passages;
const seconds = (performance.now() - started) / 1000;
const bits = new Uint8Array(Buffer.from(f.filter, 'base64'));
// Every text in corpus/ (a superset of what the filter holds): its words are the vocabulary, and a query is never one of its runs.
const { coop } = await loadCoop(view.root);
const texts = [...(await normalizedTexts(view.root, coop.works)).values()];
const vocabulary = [...new Set(texts.flatMap((t) => passageWords(t)))].sort();
const held = new Set(texts.flatMap((t) => wordNgrams(t, f.n)));
const random = rng(Number(values.seed));
const queries = Number(values.queries);
let asked = 0;
let yes = 0;
const t0 = performance.now();
while (asked < queries) {
  const g = Array.from({ length: f.n }, () => vocabulary[Math.floor(random() * vocabulary.length)]!).join(' ');
  if (held.has(g)) continue;
  asked++;
  if (bloomHas(bits, f.bits, f.hashes, g)) yes++;
}
const lookupMs = performance.now() - t0;
const measured = yes / asked;
console.log(
  `passage filter: n=${f.n}, ${f.items} n-grams from ${f.works} works, ${f.bits} bits (${(f.bits / 8 / 1024).toFixed(1)} KiB), ${f.hashes} hashes; built with the view in ${seconds.toFixed(2)} s`,
);
console.log(`stated false-positive rate per n-gram: ${f.falsePositiveRate.toExponential(3)}`);
console.log(
  `measured: ${yes} of ${asked} random ${f.n}-word runs in no text were found (${measured.toExponential(3)}; ${(measured / f.falsePositiveRate).toFixed(2)}× stated), ${((lookupMs * 1000) / asked).toFixed(2)} µs a lookup`,
);
for (const { ngrams, rate } of f.passageFalsePositiveRate)
  console.log(`  a passage of ${ngrams} n-gram${ngrams === 1 ? '' : 's'} none of which is in: all found by chance with probability ${rate.toExponential(3)}`);
