// "Is a passage of my writing in it?": the pasted text's runs of words, hashed here exactly as the
// pipeline hashed every dataset's texts (pipeline/text/passage-hash.ts), looked up in the static
// Bloom filter. Nothing pasted is sent anywhere, and the filter holds no text to show.
import { bloomHas, chanceInWords, wordNgrams } from '../../pipeline/text/passage-hash.ts';

interface Filter {
  n: number;
  bits: number;
  hashes: number;
  falsePositiveRate: number;
  filter: string;
}

const form = document.querySelector<HTMLFormElement>('#passage-form')!;
const out = document.querySelector<HTMLDivElement>('#passage-results')!;
let loaded: Promise<{ meta: Filter; bits: Uint8Array }> | undefined;

function load(): Promise<{ meta: Filter; bits: Uint8Array }> {
  return fetch(form.dataset.filter!)
    .then((r) => r.json() as Promise<Filter>)
    .then((meta) => ({ meta, bits: Uint8Array.from(atob(meta.filter), (c) => c.charCodeAt(0)) }));
}

function say(...lines: string[]): void {
  out.replaceChildren(...lines.map((l) => Object.assign(document.createElement('p'), { textContent: l })));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  loaded ??= load();
  const { meta, bits } = await loaded;
  const runs = [...new Set(wordNgrams(new FormData(form).get('passage') as string, meta.n))];
  if (runs.length === 0) return say(`Paste at least ${meta.n} words: the check looks at runs of ${meta.n} words.`);
  const found = runs.filter((g) => bloomHas(bits, meta.bits, meta.hashes, g)).length;
  const p = meta.falsePositiveRate;
  const of = `${found} of the ${runs.length} run${runs.length === 1 ? '' : 's'} of ${meta.n} words`;
  if (found === runs.length) {
    return say(
      `Yes: every run of ${meta.n} words in what you pasted is in a dataset's texts (${of}).`,
      `The chance that this “yes” is wrong (that none of it is in, and every run was found by chance): ${chanceInWords(p ** found)}.`,
    );
  }
  if (found > 0) {
    return say(
      `Some of it: ${of} in what you pasted are in a dataset's texts (${Math.round((100 * found) / runs.length)}%).`,
      `Each run found could be a chance match, with a chance of ${chanceInWords(p)}; the chance that all ${found} are: ${chanceInWords(p ** found)}.`,
    );
  }
  return say(`No: none of the ${runs.length} run${runs.length === 1 ? '' : 's'} of ${meta.n} words in what you pasted is in any current dataset's texts.`);
});
