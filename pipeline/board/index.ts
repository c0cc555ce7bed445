/** The board: who serves when, how its votes are counted, and who owns what it governs on GitHub. Pure. */
export { boardOn, servingOn } from './terms.ts';
export { tally, type Tally } from './tally.ts';
export { CODEOWNERS_FILE, codeownersFor } from './codeowners.ts';
