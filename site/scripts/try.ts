// The in-browser demo: load the published shared model and continue the visitor's text.
// Runs entirely in the browser. A character model runs on the pipeline's own decoder (key/value
// cache, last position only: pipeline/train/decoder.ts), an open checkpoint on try-checkpoint.ts,
// so each writes as the card's samples were written.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { Decoder } from '../../pipeline/train/decoder.ts';
import { pickerFor } from '../../pipeline/train/generate.ts';
import { registerLayers } from '../../pipeline/train/layers.ts';
import { installWasmKernels } from '../../pipeline/train/wasm-kernels.ts';
import { type AdapterInfoLike, isSoftwareAdapter } from '../../pipeline/doctor/software-adapter.ts';
import { BOUNDARY, Tokenizer, type TokenizerJson } from '../../pipeline/train/tokenizer.ts';
import type { Writer } from './writer.ts';
import { type Credits, loadCredits, showCredited } from './credit.ts';
import { SAMPLE_TEMPERATURE } from '../../pipeline/train/protocol.ts';

const form = document.querySelector<HTMLFormElement>('#try-form')!;
const button = document.querySelector<HTMLButtonElement>('#try-go')!;
const stop = document.querySelector<HTMLButtonElement>('#try-stop')!;
const status = document.querySelector<HTMLSpanElement>('#try-status')!;
const output = document.querySelector<HTMLDivElement>('#try-output')!;
const base = form.dataset.model!;
const context = Number(form.dataset.context);
const format = form.dataset.format === 'checkpoint' ? 'checkpoint' : 'layers';
const LENGTH = 240;
/** Symbols written between two repaints: small enough to see the text grow, large enough not to wait on frames. */
const CHUNK = 16;

registerLayers();
// The site serves the wasm binaries itself (the threaded one is fetched only where the page is cross-origin isolated).
setWasmPaths({ 'tfjs-backend-wasm.wasm': plainWasm, 'tfjs-backend-wasm-simd.wasm': simdWasm, 'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm });

/** Where the model runs, in a reader's words. */
type RunsOn = 'your graphics card (WebGPU)' | 'WebGPU on your processor (a software graphics adapter)' | 'your processor';

/**
 * A GPU through WebGPU where the browser offers one, else WebAssembly, else plain JavaScript.
 * A software adapter (SwiftShader, WARP: a processor pretending to be a GPU) is passed over, as
 * the pipeline's `auto` passes it over, unless the address asks for it (`?backend=webgpu`);
 * `?backend=wasm` keeps to the processor. Not WebGL: a model this small, writing one symbol at a
 * time, waits on the GPU round trip more than it computes (measured in headless Chromium without
 * a GPU: WebGL 25 characters a second, JavaScript 70).
 */
async function chooseBackend(): Promise<RunsOn> {
  const asked = new URLSearchParams(location.search).get('backend');
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(o?: object): Promise<{ info?: AdapterInfoLike; isFallbackAdapter?: boolean } | null> } }).gpu;
  if (gpu && asked !== 'wasm') {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
    const software = adapter ? isSoftwareAdapter(adapter.info ?? { vendor: '', architecture: '', device: '', description: '' }, adapter.isFallbackAdapter) : true;
    if (adapter && (asked === 'webgpu' || !software)) {
      // Loaded only where it can run: other visitors do not download it.
      await import('@tensorflow/tfjs-backend-webgpu');
      if (await tf.setBackend('webgpu').catch(() => false)) {
        await tf.ready();
        return software ? 'WebGPU on your processor (a software graphics adapter)' : 'your graphics card (WebGPU)';
      }
    }
  }
  if (await tf.setBackend('wasm').catch(() => false)) installWasmKernels();
  else await tf.setBackend('cpu');
  return 'your processor';
}

/** A character model (tfjs layers format): the pipeline's decoder, one symbol per character. */
async function loadLayersWriter(prompt: string, pick: (logits: Float32Array) => number): Promise<Writer> {
  const { decoder, tokenizer } = await (layers ??= Promise.all([
    tf.loadLayersModel(`${base}model.json`),
    fetch(`${base}tokenizer.json`)
      .then((r) => r.json() as Promise<TokenizerJson>)
      .then(Tokenizer.fromJson),
  ]).then(([model, tokenizer]) => ({ decoder: new Decoder(model, context), tokenizer })));
  // The prompt opens a new work, as the model saw works in training.
  const ids = Array.from(tokenizer.encode(`${BOUNDARY}${prompt}`));
  return {
    async next(count) {
      const next = (await decoder.continue([ids.slice(-context)], count, pick))[0]!;
      ids.push(...next);
      return tokenizer.decode(next);
    },
  };
}
let layers: Promise<{ decoder: Decoder; tokenizer: Tokenizer }> | undefined;

let backendReady: Promise<RunsOn> | undefined;
async function load(prompt: string, seed: number): Promise<Writer> {
  status.textContent = 'Loading the model…';
  await (backendReady ??= chooseBackend());
  if (format === 'checkpoint') {
    // Loaded only for a checkpoint: the character models' page does not download its tokenizer library.
    const { loadCheckpointWriter } = await import('./try-checkpoint.ts');
    return loadCheckpointWriter(base, prompt, context, seed);
  }
  return loadLayersWriter(prompt, pickerFor({ kind: 'sample', temperature: SAMPLE_TEMPERATURE, seed }));
}

let stopped = false;
stop.addEventListener('click', () => {
  stopped = true;
});

let credits: Promise<Credits> | undefined;

/** Mark the runs of the model's text that are in a donated work, and say how many (site/scripts/credit.ts). */
async function credit(written: string): Promise<void> {
  credits ??= loadCredits(form.dataset.credits!, form.dataset.base!);
  const found = showCredited(output.querySelector<HTMLElement>('.generated')!, written, await credits);
  const note = document.querySelector<HTMLElement>('#try-credits')!;
  note.textContent = found.spans
    ? `${found.spans} run${found.spans === 1 ? '' : 's'} of what the model wrote (${found.characters} characters) ${found.spans === 1 ? 'is' : 'are'} word for word in a donated work, marked with where ${found.spans === 1 ? 'it is' : 'they are'} from.`
    : 'Nothing the model wrote repeats a donated work word for word.';
}

/** The prompt and the model's text, set apart, as text nodes (never HTML). */
function show(prompt: string, written: string): void {
  const p = document.createElement('span');
  p.className = 'prompt';
  p.textContent = prompt;
  const w = document.createElement('span');
  w.className = 'generated';
  w.textContent = written;
  output.replaceChildren(p, w);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  button.disabled = true;
  stopped = false;
  try {
    const prompt = (new FormData(form).get('prompt') as string).slice(0, 200);
    const writer = await load(prompt, crypto.getRandomValues(new Uint32Array(1))[0]!);
    let written = '';
    show(prompt, '');
    status.textContent = 'Writing…';
    stop.disabled = false;
    const started = performance.now();
    while (Array.from(written).length < LENGTH && !stopped) {
      const before = written.length;
      written += await writer.next(Math.min(CHUNK, LENGTH - Array.from(written).length));
      show(prompt, written);
      await tf.nextFrame();
      if (written.length === before) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const chars = Array.from(written).length;
    const perSecond = Math.round(chars / seconds);
    output.dataset.charactersPerSecond = String(perSecond);
    status.textContent = `${stopped ? 'Stopped' : 'Done'}: ${chars} characters in ${seconds.toFixed(1)} seconds, on ${await backendReady}.`;
    await credit(written);
  } catch (e) {
    status.textContent = `The model could not run in this browser (${(e as Error).message}).`;
  } finally {
    button.disabled = false;
    stop.disabled = true;
  }
});
