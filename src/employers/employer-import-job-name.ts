// Kept apart from the service so that the job list imports no handler.
/** `{importId}`: runs one background employer import (queue `imports`, ADR 1403). */
export const EMPLOYER_IMPORT_JOB = 'employer-import';
