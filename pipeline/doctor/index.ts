export { diagnose, gpuFit, webgpuInWords, LIBTENSORFLOW, NEEDED_LIBRARIES, type Diagnosis, type MachineFacts } from './diagnose.ts';
export { gatherFacts } from './facts.ts';
export { adapterInWords, isSoftwareAdapter, loadDawn, probeWebgpu, type AdapterFacts, type WebgpuProbe } from './webgpu-adapter.ts';
