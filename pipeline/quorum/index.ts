export { approvalsFor, approversOf, countQuorum, latestPositions, loginOf, type QuorumInputs, type QuorumVerdict, type Review } from './count.ts';
export { classifyChange, KIND_WORDS, type ChangedFile } from './classify.ts';
export { memberForTrailer, verdictsForMainLine, type MergeVerdict } from './trailers.ts';
