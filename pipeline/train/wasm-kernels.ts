/**
 * Faster kernels for the wasm backend (tfjs-backend-wasm 4.22): BatchMatMul,
 * and Slice and SplitV. Installed when the backend starts (backend.ts) and by
 * the browser demo.
 *
 * BatchMatMul: its kernel reaches XNNPACK's fast path only for a plain product without
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
 *
 * Slice and SplitV: the shipped Slice copies its whole input out of wasm
 * memory (readSync) before taking the part it wants, so splitting q, k and v
 * apart copied the activations three times per layer; generation's prefill
 * spent most of its time there. These read the input in place. Same values,
 * bit for bit.
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
interface WasmBackend {
  disposeData(id: object): void;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
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
    const views = [
      backend.makeOutput([1, m, k], 'float32', aAt + i * m * k * 4),
      backend.makeOutput([1, k, p], 'float32', bAt + i * k * p * 4),
      backend.makeOutput([1, m, p], 'float32', outAt + i * m * p * 4),
    ];
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

/** Replace the wasm backend's BatchMatMul, Slice and SplitV with the routes above. Idempotent. */
export function installWasmKernels(): void {
  if (installed) return;
  installSlice();
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  const reshape = tf.getKernel('Reshape', 'wasm');
  if (!original || !transpose || !reshape) throw new Error('installWasmKernels: the wasm backend is not registered');
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
    // Per matrix only when each is worth a call: one-row products (generation, a symbol at a time) stay in the batched loop.
    let out = batchA > 1 && batchA === batchB && a.shape.at(-2)! >= 8 ? perBatch(backend, a, b) : run({ ...args, inputs: { a, b }, attrs: { transposeA: false, transposeB: false } });
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

/** Copy the part of `x` that starts at `begin` and has `size` into `out`, row by contiguous row. */
function sliceInto(
  x: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> },
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  out: { set(v: ArrayLike<number>, at: number): void },
): void {
  const rank = shape.length;
  const strides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1]! * shape[d + 1]!;
  const inner = size[rank - 1]!;
  const rows = size.slice(0, -1).reduce((p, q) => p * q, 1);
  const index = new Array<number>(Math.max(0, rank - 1)).fill(0);
  for (let row = 0; row < rows; row++) {
    let at = begin[rank - 1]!;
    for (let d = 0; d < rank - 1; d++) at += (begin[d]! + index[d]!) * strides[d]!;
    out.set(x.subarray(at, at + inner), row * inner);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d]! < size[d]!) break;
      index[d] = 0;
    }
  }
}

function installSlice(): void {
  type SliceArgs = { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: { begin: number | number[]; size: number | number[] } };
  type SplitArgs = { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: { numOrSizeSplits: number | number[]; axis: number | number[] } };
  const original = tf.getKernel('Slice', 'wasm');
  const originalSplit = tf.getKernel('SplitV', 'wasm');
  if (!original || !originalSplit) throw new Error('installWasmKernels: the wasm backend is not registered');
  const runOriginal = original.kernelFunc as unknown as (args: SliceArgs) => TensorInfo;
  const slice = (args: SliceArgs): TensorInfo => {
    const { x } = args.inputs;
    if (x.dtype === 'string' || x.shape.length === 0) return runOriginal(args);
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs.begin, args.attrs.size) as [number[], number[]];
    const out = args.backend.makeOutput(size, x.dtype);
    if (size.every((n) => n > 0)) sliceInto(args.backend.typedArrayFromHeap(x), x.shape, begin, size, args.backend.typedArrayFromHeap(out));
    return out;
  };
  const splitV = (args: SplitArgs): TensorInfo[] => {
    const { x } = args.inputs;
    const axis = tf.util.parseAxisParam(args.attrs.axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs.numOrSizeSplits, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const part = slice({ inputs: { x }, backend: args.backend, attrs: { begin: [...begin], size } });
      begin[axis]! += s;
      return part;
    });
  };
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: slice as unknown as tf.KernelFunc });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({ ...originalSplit, kernelFunc: splitV as unknown as tf.KernelFunc });
}
