export { diagnose, gpuFit, LIBTENSORFLOW, NEEDED_LIBRARIES, type Diagnosis, type MachineFacts } from './diagnose.ts';
export { gatherFacts } from './facts.ts';
