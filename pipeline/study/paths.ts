/** Where studies are recorded (small JSON, committed like the rest of the registry). */
export const STUDIES_DIR = 'registry/studies';
