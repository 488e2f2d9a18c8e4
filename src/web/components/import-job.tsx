import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../common/domain-error.js';
import type { StoredImportError } from '../../queue/import-jobs.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { ProgressRegion } from './progress.js';

/**
 * Why a background import stopped, in French, for its page: a file refused
 * (`VALIDATION_FAILED`) as `refused` words it from the stored field errors, anything else (or a
 * refusal `refused` has no words for) a technical error. Null while the import has no error.
 */
export function importFailure(
  error: StoredImportError | null,
  refused: (errors: FieldError[]) => string | null,
): string | null {
  if (!error) return null;
  if (error.code === 'VALIDATION_FAILED') {
    const message = refused(error.errors ?? []);
    if (message) return message;
  }
  return 'Une erreur technique a interrompu l’import. Réessayez ; si elle se reproduit, prévenez l’administrateur.';
}

/**
 * A background import's page while it waits or runs (ADR 1576): its progress region, which the
 * page's script refreshes in place, with the import's own progress once there is some.
 */
export function ImportInProgressPage(props: {
  ctx: PageContext;
  title: string;
  /** The region's id; the page's own address, for the "Actualiser" link. */
  regionId: string;
  href: string;
  /** Its progress; null while it waits (queued, or started with nothing to show yet). */
  progress: ComponentChildren | null;
}) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <ProgressRegion
        id={props.regionId}
        href={props.href}
        leave="Vous pouvez quitter cette page : l’import continue sans vous."
      >
        {props.progress ?? <p>L’import attend son tour ; il commence dans quelques instants.</p>}
      </ProgressRegion>
    </Layout>
  );
}
