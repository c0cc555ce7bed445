// The in-browser demo: load the published shared model and continue the visitor's text.
// Runs entirely in the browser; the same layer code as training (pipeline/train/layers.ts).
import * as tf from '@tensorflow/tfjs';
import { registerLayers } from '../../pipeline/train/layers.ts';
import { continueAll } from '../../pipeline/train/generate.ts';
import { Tokenizer, type TokenizerJson } from '../../pipeline/train/tokenizer.ts';

const form = document.querySelector<HTMLFormElement>('#try-form')!;
const button = document.querySelector<HTMLButtonElement>('#try-go')!;
const status = document.querySelector<HTMLSpanElement>('#try-status')!;
const output = document.querySelector<HTMLDivElement>('#try-output')!;
const base = form.dataset.model!;
const context = Number(form.dataset.context);
const LENGTH = 240;

registerLayers();
let loaded: Promise<{ model: tf.LayersModel; tokenizer: Tokenizer }> | undefined;

async function load() {
  status.textContent = 'Loading the model…';
  const [model, tokenizer] = await Promise.all([
    tf.loadLayersModel(`${base}model.json`),
    fetch(`${base}tokenizer.json`).then((r) => r.json() as Promise<TokenizerJson>).then(Tokenizer.fromJson),
  ]);
  return { model, tokenizer };
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  button.disabled = true;
  try {
    loaded ??= load();
    const { model, tokenizer } = await loaded;
    const prompt = (new FormData(form).get('prompt') as string).slice(0, 200) || ' ';
    let text = prompt;
    output.textContent = text;
    const seed = crypto.getRandomValues(new Uint32Array(1))[0]!;
    status.textContent = 'Writing…';
    for (let i = 0; i < LENGTH; i++) {
      text += continueAll(model, tokenizer, [[...text].slice(-context).join('')], 1, context, { kind: 'sample', temperature: 0.8, seed: seed + i })[0];
      output.textContent = text;
      if (i % 8 === 0) await tf.nextFrame();
    }
    status.textContent = `Done (${tf.getBackend()} backend).`;
  } catch (e) {
    status.textContent = `The model could not run: ${(e as Error).message}`;
  } finally {
    button.disabled = false;
  }
});
