export { addAdoptions } from './adopt.ts';
