export { addAdoptions } from './adopt.ts';
export { adoptInDecision, type Adopted } from './apply.ts';
