/**
 * Consent, decided in one place: what may be shown of a work, how a writer is
 * named, how a work is fingerprinted, what each scope means in plain words,
 * what is withdrawn, and which works a dataset may take.
 */
export * from './display.ts';
export * from './eligibility.ts';
export * from './fingerprint.ts';
export * from './identity.ts';
export * from './scopes.ts';
export * from './withdrawals.ts';
export * from './writer-signoff.ts';
