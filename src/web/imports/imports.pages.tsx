import { TableWrap } from '../components/table-wrap.js';
import type { EmployerStatus } from '../../employers/employer.entity.js';
import type { ImportJobView } from '../../employers/employer-import-jobs.service.js';
import type { ImportOutcome, ImportReport } from '../../employers/employer-import.service.js';
import {
  ErrorSummary,
  fieldId,
  PostForm,
  SelectField,
  type FieldErrors,
} from '../components/form.js';
import { ImportInProgressPage } from '../components/import-job.js';
import { ProgressBar } from '../components/progress.js';
import { formatNumber } from '../format.js';
import { Layout } from '../layout.js';
import { fieldMessage } from '../messages.js';
import type { PageContext } from '../page-context.js';

const OUTCOME_DRY: Record<ImportOutcome, string> = {
  created: 'Sera créée',
  updated: 'Sera mise à jour',
  unchanged: 'Inchangée',
  rejected: 'Refusée',
};
const OUTCOME_DONE: Record<ImportOutcome, string> = {
  created: 'Créée',
  updated: 'Mise à jour',
  unchanged: 'Inchangée',
  rejected: 'Refusée',
};
const OUTCOME_BADGE: Record<ImportOutcome, string> = {
  created: 'badge badge-ok',
  updated: 'badge',
  unchanged: 'badge',
  rejected: 'badge badge-danger',
};

export const EXPORT_STATUS_LABELS: Record<EmployerStatus, string> = {
  prospect: 'Prospects',
  partner: 'Partenaires',
  archived: 'Archivées',
};

export const IMPORT_FIELD_LABELS: Record<string, string> = {
  file: 'Fichier des entreprises (CSV ou Excel)',
};

/** The upload form: `_csrf` comes first so that it is read even when the file is refused. */
function UploadForm({ ctx, error }: { ctx: PageContext; error?: string }) {
  return (
    <PostForm
      ctx={ctx}
      action="/import-export/employers"
      enctype="multipart/form-data"
      class="panel"
    >
      <div class={error ? 'field has-error' : 'field'}>
        <label for={fieldId('file')}>{IMPORT_FIELD_LABELS.file}</label>
        <span class="hint" id={`${fieldId('file')}-hint`}>
          Le fichier au format de l’export ci-dessous : CSV (séparateur point-virgule ou virgule,
          UTF-8 ou Windows-1252) ou classeur Excel (.xlsx, première feuille), 20 Mo au plus. Rien
          n’est enregistré à cette étape : vous verrez d’abord ce que l’import ferait.
        </span>
        {error && (
          <span class="error-message" id={`${fieldId('file')}-error`}>
            <span class="visually-hidden">Erreur : </span>
            {error}
          </span>
        )}
        <input
          type="file"
          id={fieldId('file')}
          name="file"
          accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={`${fieldId('file')}-hint${error ? ` ${fieldId('file')}-error` : ''}`}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
      <button type="submit">Vérifier le fichier</button>
    </PostForm>
  );
}

export interface ImportExportPageProps {
  ctx: PageContext;
  errors?: FieldErrors;
}

/** GET /import-export: the employer import (dry run first) and the exports. */
export function ImportExportPage({ ctx, errors = {} }: ImportExportPageProps) {
  return (
    <Layout ctx={ctx} title="Import et export">
      <ErrorSummary errors={errors} />
      <h1>Import et export des entreprises</h1>
      <h2>Importer des entreprises</h2>
      <UploadForm ctx={ctx} error={errors.file} />
      <h2>Exporter les entreprises</h2>
      <p>Le fichier s’ouvre dans un tableur et peut être réimporté tel quel après modification.</p>
      <form method="get" action="/import-export/employers.csv" class="panel" noValidate>
        <SelectField
          name="status"
          label="Entreprises à exporter"
          emptyLabel="Toutes sauf les archivées"
          options={Object.entries(EXPORT_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <div class="actions">
          <button type="submit" class="secondary">
            Télécharger l’export (CSV)
          </button>
          <button type="submit" class="secondary" formaction="/import-export/employers.xlsx">
            Exporter (Excel)
          </button>
        </div>
      </form>
    </Layout>
  );
}

const TOTAL_DRY: Record<ImportOutcome, string> = {
  created: 'À créer',
  updated: 'À mettre à jour',
  unchanged: 'Inchangées',
  rejected: 'Refusées',
};
const TOTAL_DONE: Record<ImportOutcome, string> = {
  created: 'Créées',
  updated: 'Mises à jour',
  unchanged: 'Inchangées',
  rejected: 'Refusées',
};

function Totals({ report }: { report: ImportReport }) {
  const labels = report.dryRun ? TOTAL_DRY : TOTAL_DONE;
  return (
    <dl class="summary panel">
      {(['created', 'updated', 'unchanged', 'rejected'] as const).map((o) => (
        <>
          <dt>{labels[o]}</dt>
          <dd>{formatNumber(report.totals[o])}</dd>
        </>
      ))}
    </dl>
  );
}

/** The rejected rows (the report lists only those, the first ones), with what to correct. */
function RowsTable({ report }: { report: ImportReport }) {
  const labels = report.dryRun ? OUTCOME_DRY : OUTCOME_DONE;
  if (report.rows.length === 0) return null;
  return (
    <>
      {report.rowsOmitted > 0 && (
        <p class="muted">
          Seules les {formatNumber(report.rows.length)} premières lignes refusées sont listées ;{' '}
          {formatNumber(report.rowsOmitted)} autres le sont aussi.
        </p>
      )}
      <TableWrap label="Lignes refusées">
        <table>
          <caption>Lignes refusées</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                Ligne
              </th>
              <th scope="col">SIRET</th>
              <th scope="col">Résultat</th>
              <th scope="col">Problèmes</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.line}>
                <th scope="row" class="num">
                  {formatNumber(r.line)}
                </th>
                <td>{r.siret ?? '—'}</td>
                <td>
                  <span class={OUTCOME_BADGE[r.outcome]}>{labels[r.outcome]}</span>
                </td>
                <td>
                  {r.errors?.length ? (
                    <ul class="plain">
                      {r.errors.map((e, i) => (
                        <li key={i}>
                          {e.field} : {fieldMessage(e, e.field)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

export interface ImportReportPageProps {
  ctx: PageContext;
  /** The uploaded file's name; a background import does not keep it. */
  fileName?: string;
  report: ImportReport;
  /** The kept file's id, for the confirmation form (dry runs only). */
  uploadId?: string;
}

/** The report of a dry run (with the confirmation form) or of the real import. */
export function ImportReportPage({ ctx, fileName, report, uploadId }: ImportReportPageProps) {
  const writable = report.totals.created + report.totals.updated;
  return (
    <Layout ctx={ctx} title={report.dryRun ? 'Vérification de l’import' : 'Import terminé'}>
      <h1>{report.dryRun ? 'Vérification de l’import' : 'Import terminé'}</h1>
      {fileName !== undefined && (
        <p>
          Fichier : <strong>{fileName || 'sans nom'}</strong>
          {report.encoding === 'windows-1252' && ' (lu en Windows-1252)'}
        </p>
      )}
      {report.dryRun ? (
        <p>Rien n’a encore été enregistré. Voici ce que l’import ferait :</p>
      ) : (
        <p role="status">L’import est enregistré.</p>
      )}
      <Totals report={report} />
      {report.dryRun && uploadId && (
        <div class="actions">
          {writable > 0 ? (
            <PostForm ctx={ctx} action="/import-export/employers/confirm">
              <input type="hidden" name="uploadId" value={uploadId} />
              <button type="submit">
                Importer pour de bon ({formatNumber(writable)}{' '}
                {writable > 1 ? 'entreprises' : 'entreprise'})
              </button>
            </PostForm>
          ) : (
            <p>Aucune ligne à enregistrer.</p>
          )}
          <a class="button secondary" href="/import-export">
            Choisir un autre fichier
          </a>
        </div>
      )}
      {report.dryRun && report.totals.rejected > 0 && writable > 0 && (
        <p class="muted">
          Les lignes refusées seront ignorées ; corrigez-les puis importez-les à nouveau.
        </p>
      )}
      <RowsTable report={report} />
      {!report.dryRun && (
        <p>
          <a href="/import-export">Revenir à l’import et à l’export</a>
        </p>
      )}
    </Layout>
  );
}

/** A background import's view as the report the pages show. */
function reportOf(job: ImportJobView): ImportReport {
  return {
    dryRun: job.dryRun,
    format: job.format,
    encoding: job.encoding ?? 'utf-8',
    atomic: job.atomic,
    totals: job.totals,
    rows: job.rows,
    rowsOmitted: job.rowsOmitted,
  };
}

export interface ImportJobPageProps {
  ctx: PageContext;
  job: ImportJobView;
  /** Why it failed, in French (null unless `job.status` is `failed`). */
  failure: string | null;
}

/**
 * GET /import-export/imports/:id: a background import. While it waits or runs, the
 * `data-refresh` region is fetched again every two seconds by the page's script (and announced
 * politely); without JavaScript the "Actualiser" link reloads it. Once done, its report.
 */
export function ImportJobPage({ ctx, job, failure }: ImportJobPageProps) {
  const report = reportOf(job);
  if (job.status === 'done') return <ImportReportPage ctx={ctx} report={report} />;
  if (job.status === 'failed')
    return (
      <Layout ctx={ctx} title="Import interrompu">
        <h1>Import interrompu</h1>
        <p role="alert">{failure}</p>
        <p>
          {job.atomic
            ? 'Rien n’a été enregistré.'
            : 'Les lignes traitées avant l’interruption sont enregistrées ; les autres ne le sont pas.'}
        </p>
        <Totals report={report} />
        <p>
          <a href="/import-export">Revenir à l’import et à l’export</a>
        </p>
      </Layout>
    );
  const total = job.rowsTotal;
  return (
    <ImportInProgressPage
      ctx={ctx}
      title="Import en cours"
      regionId="import-progress"
      href={`/import-export/imports/${job.id}`}
      progress={
        job.status === 'queued' || total === null ? null : (
          <>
            <ProgressBar
              id="import-progress-bar"
              label={
                <>
                  {formatNumber(job.rowsRead)}{' '}
                  {job.rowsRead > 1 ? 'lignes traitées' : 'ligne traitée'} sur {formatNumber(total)}
                </>
              }
              value={job.rowsRead}
              max={total}
            />
            <Totals report={report} />
          </>
        )
      }
    />
  );
}
