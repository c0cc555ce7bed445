import { diagnose, gatherFacts } from '../../doctor/index.ts';
import { EXIT } from '../io.ts';
import { formatOption } from './check.ts';
import type { Command } from './types.ts';

export const doctor: Command = {
  name: 'doctor',
  summary: 'Which training backend will run here and why (GPU, CUDA and cuDNN, tfjs-node-gpu, the WebGPU adapter), and exactly what to install for a faster one.',
  usage: '[--format text|json]',
  options: { format: { type: 'string', default: 'text' } },
  async run({ values }, io) {
    const format = formatOption(values.format);
    const facts = await gatherFacts();
    const d = diagnose(facts);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ ...d, facts }, null, 2)}\n`);
      return EXIT.ok;
    }
    io.stdout.write(`${d.summary}\n`);
    for (const g of d.gpus)
      io.stdout.write(`  GPU: ${g.name}, compute ${g.computeCapability ?? '?'}${g.driver ? `, driver ${g.driver}` : ''}${g.memoryMiB ? `, ${g.memoryMiB} MiB` : ''}: ${g.note}\n`);
    if (facts.gpuPackage.libtensorflow) io.stdout.write(`  @tensorflow/tfjs-node-gpu carries ${facts.gpuPackage.libtensorflow.join(', ')}\n`);
    const libs = Object.entries(facts.libraries);
    io.stdout.write(`  CUDA/cuDNN libraries: ${libs.length ? libs.map(([n, p]) => `${n} (${p})`).join(', ') : 'none found'}\n`);
    if (d.webgpu) io.stdout.write(`  WebGPU: ${d.webgpu}\n`);
    if (d.install.length > 0) {
      io.stdout.write('For a faster backend:\n');
      d.install.forEach((step, i) => io.stdout.write(`  ${i + 1}. ${step}\n`));
    }
    return EXIT.ok;
  },
};
