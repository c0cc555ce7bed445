export { approvalsFor, approversOf, countQuorum, latestPositions, loginOf, type QuorumInputs, type QuorumVerdict, type Review } from './count.ts';
export { classifyChange, KIND_WORDS, type ChangedFile } from './classify.ts';
export { HANDLES_ONLY, memberForTrailer, mergeStands, trailerLogins, unsignedInWords, verdictsForMainLine, type MergeVerdict, type WriterAccounts } from './trailers.ts';
