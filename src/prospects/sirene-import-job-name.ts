// Kept apart from the service so that the job list imports no handler.
/** `{importId}`: runs one SIRENE import uploaded from the web (queue `imports`, ADR 1703). */
export const SIRENE_IMPORT_JOB = 'sirene-import';
