/**
 * APIG's import modes (ImportApiDefinitionsV2 `mode` and `extend_mode`): merge keeps what the file
 * does not mention, override replaces it.
 */
export const IMPORT_MODES = ['merge', 'override'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
