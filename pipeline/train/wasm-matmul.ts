/**
 * A faster BatchMatMul for the wasm backend (tfjs-backend-wasm 4.22).
 *
 * Its kernel reaches XNNPACK's fast path only for a plain product without
 * transposes; a transposed product (most of backprop) falls to a scalar loop
 * 14-27x slower (measured: ../shared/notes/tfjs-on-these-machines.md, and
 * scratch runs here: 256x256, 1.3 ms plain vs 15-21 ms transposed). So:
 * materialise the transpose with the Transpose kernel, then multiply plainly;
 * fold a batch that only one side has into the rows of a 2-D product; and run
 * a batch both sides have (attention's [batch, heads, T, T] products) as one
 * plain product per matrix, on views into wasm memory. Its batched loop ran
 * at ~1.3 GFLOP/s there and took a third of a training step; per matrix, a
 * step is ~27% faster (measured on the demo profile, half a batch: 152 to 111 ms).
 * Results are the same products, though not summed in the same order as the
 * batched loop: the bits differ (card.ts TRAINER says which route trained a model).
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
interface WasmBackend {
  disposeData(id: object): void;
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number): TensorInfo;
  dataIdMap: { get(id: object): { id: number; memoryOffset: number }; delete(id: object): void };
  wasm: { cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void; tfjs: { disposeData(id: number): void } };
}
type KernelArgs = { inputs: { a: TensorInfo; b: TensorInfo }; backend: WasmBackend; attrs: { transposeA: boolean; transposeB: boolean } };

let matMulFn: ((...args: unknown[]) => void) | undefined;

/**
 * A batched product [n, M, K] x [n, K, P] as n plain products, each on views
 * into the operands and the output (no copies), so every one takes XNNPACK's
 * fast path instead of the batched scalar loop (~1.3 GFLOP/s on attention's
 * small matrices).
 */
function perBatch(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  const [n, m, k] = [a.shape.slice(0, -2).reduce((p, q) => p * q, 1), a.shape.at(-2)!, a.shape.at(-1)!];
  const p = b.shape.at(-1)!;
  matMulFn ??= backend.wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
  const out = backend.makeOutput([...a.shape.slice(0, -2), m, p], 'float32');
  const [aAt, bAt, outAt] = [a, b, out].map((t) => backend.dataIdMap.get(t.dataId).memoryOffset) as [number, number, number];
  const aShape = new Uint8Array(new Int32Array([1, m, k]).buffer);
  const bShape = new Uint8Array(new Int32Array([1, k, p]).buffer);
  for (let i = 0; i < n; i++) {
    const views = [backend.makeOutput([1, m, k], 'float32', aAt + i * m * k * 4), backend.makeOutput([1, k, p], 'float32', bAt + i * k * p * 4), backend.makeOutput([1, m, p], 'float32', outAt + i * m * p * 4)];
    const [av, bv, ov] = views.map((v) => backend.dataIdMap.get(v.dataId).id);
    matMulFn(av, aShape, 3, bv, bShape, 3, false, false, ov);
    // A view owns no memory: forget it without freeing what it points into.
    for (const v of views) {
      backend.wasm.tfjs.disposeData(backend.dataIdMap.get(v.dataId).id);
      backend.dataIdMap.delete(v.dataId);
    }
  }
  return out;
}

let installed = false;

/** Replace the wasm backend's BatchMatMul with the transpose-first route. Idempotent. */
export function installWasmMatMul(): void {
  if (installed) return;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  const reshape = tf.getKernel('Reshape', 'wasm');
  if (!original || !transpose || !reshape) throw new Error('installWasmMatMul: the wasm backend is not registered');
  const run = original.kernelFunc as unknown as (args: KernelArgs) => TensorInfo;
  const runTranspose = transpose.kernelFunc as unknown as (args: { inputs: { x: TensorInfo }; backend: unknown; attrs: { perm: number[] } }) => TensorInfo;
  const runReshape = reshape.kernelFunc as unknown as (args: { inputs: { x: TensorInfo }; backend: unknown; attrs: { shape: number[] } }) => TensorInfo;

  const kernelFunc = (args: KernelArgs): TensorInfo => {
    const { backend } = args;
    let { a, b } = args.inputs;
    const temps: TensorInfo[] = [];
    const swapLast = (x: TensorInfo) => {
      const perm = x.shape.map((_, i) => i);
      const n = perm.length;
      [perm[n - 2], perm[n - 1]] = [perm[n - 1]!, perm[n - 2]!];
      const t = runTranspose({ inputs: { x }, backend, attrs: { perm } });
      temps.push(t);
      return t;
    };
    if (args.attrs.transposeA) a = swapLast(a);
    if (args.attrs.transposeB) b = swapLast(b);
    // [..., M, K] x [K, N]: fold the batch into M, so XNNPACK sees one 2-D product.
    let outShape: number[] | undefined;
    if (a.shape.length > 2 && b.shape.length === 2) {
      const m = a.shape[a.shape.length - 2]!;
      const k = a.shape[a.shape.length - 1]!;
      const batch = a.shape.slice(0, -2);
      outShape = [...batch, m, b.shape[1]!];
      a = runReshape({ inputs: { x: a }, backend, attrs: { shape: [batch.reduce((p, q) => p * q, 1) * m, k] } });
      temps.push(a);
    }
    const batchA = a.shape.slice(0, -2).reduce((p, q) => p * q, 1);
    const batchB = b.shape.slice(0, -2).reduce((p, q) => p * q, 1);
    let out = batchA > 1 && batchA === batchB ? perBatch(backend, a, b) : run({ ...args, inputs: { a, b }, attrs: { transposeA: false, transposeB: false } });
    if (outShape) {
      const shaped = runReshape({ inputs: { x: out }, backend, attrs: { shape: outShape } });
      temps.push(out);
      out = shaped;
    }
    for (const t of temps) backend.disposeData(t.dataId);
    return out;
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  installed = true;
}
