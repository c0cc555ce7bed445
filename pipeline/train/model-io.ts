import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFilesAtomically } from '../fs/index.ts';
import { registerLayers } from './layers.ts';
import type { TokenizerJson } from './tokenizer.ts';
import { fileHasSha256, sha256 } from '../hash/index.ts';

export interface SavedFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** sha256 of bytes or text, as hex. */

/** The model and tokenizer as files (name → bytes), without touching disk. */
export async function modelFiles(model: tf.LayersModel, tokenizer: TokenizerJson): Promise<Map<string, Uint8Array>> {
  let files = new Map<string, Uint8Array>();
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      files = new Map([
        ['model.json', new TextEncoder().encode(`${JSON.stringify(modelJson)}\n`)],
        ['weights.bin', weights],
        ['tokenizer.json', new TextEncoder().encode(`${JSON.stringify(tokenizer)}\n`)],
      ]);
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  return files;
}

/** sha256 of the weights only: the model's fingerprint for determinism checks. */
export function weightsHash(files: Map<string, Uint8Array>): string {
  return sha256(files.get('weights.bin')!);
}

/** Write a model's files into `dir` (all or none) and describe each (relative path, sha256, size). */
export async function writeModel(dir: string, files: Map<string, Uint8Array>, relTo: string): Promise<SavedFile[]> {
  const sorted = [...files].sort(([a], [b]) => a.localeCompare(b));
  await writeFilesAtomically(new Map(sorted.map(([name, data]) => [path.join(dir, name), data])));
  return sorted.map(([name, data]) => ({ path: path.relative(relTo, path.join(dir, name)).split(path.sep).join('/'), sha256: sha256(data), bytes: data.byteLength }));
}

/** Load a model saved by writeModel (Node). */
export async function loadModel(dir: string): Promise<{ model: tf.LayersModel; tokenizer: TokenizerJson }> {
  registerLayers();
  const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
  const weights = await readFile(path.join(dir, 'weights.bin'));
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
  const tokenizer = JSON.parse(await readFile(path.join(dir, 'tokenizer.json'), 'utf8')) as TokenizerJson;
  return { model, tokenizer };
}

/** Check every file of a saved model against its recorded sha256. */
export async function verifyFiles(root: string, files: readonly SavedFile[]): Promise<boolean> {
  for (const f of files) {
    try {
      if (!(await fileHasSha256(path.join(root, f.path), f.sha256))) return false;
    } catch {
      return false;
    }
  }
  return true;
}
