/**
 * A faster BatchMatMul for the wasm backend (tfjs-backend-wasm 4.22).
 *
 * Its kernel reaches XNNPACK's fast path only for a plain product without
 * transposes; a transposed product (most of backprop) falls to a scalar loop
 * 14-27x slower (measured: ../shared/notes/tfjs-on-these-machines.md, and
 * scratch runs here: 256x256, 1.3 ms plain vs 15-21 ms transposed). So:
 * materialise the transpose with the Transpose kernel, then multiply plainly;
 * and fold a batch that only one side has into the rows of a 2-D product.
 * Results are the same products; only the route differs.
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: { a: TensorInfo; b: TensorInfo }; backend: { disposeData(id: object): void }; attrs: { transposeA: boolean; transposeB: boolean } };

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
    let out = run({ ...args, inputs: { a, b }, attrs: { transposeA: false, transposeB: false } });
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
