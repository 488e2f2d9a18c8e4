import type { SireneImportView } from '../../prospects/sirene-import-jobs.service.js';
import { ErrorSummary, fieldId, PostForm, type FieldErrors } from '../components/form.js';
import { ImportInProgressPage } from '../components/import-job.js';
import { ProgressBar } from '../components/progress.js';
import { formatNumber } from '../format.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export const SIRENE_FIELD_LABELS: Record<string, string> = {
  etablissements: 'Fichier des établissements (StockEtablissement)',
  unitesLegales: 'Fichier des unités légales (StockUniteLegale)',
};

const SIRENE_FIELD_HINTS: Record<string, string> = {
  etablissements:
    'Le fichier CSV « StockEtablissement » de l’Insee, décompressé (StockEtablissement_utf8.csv).',
  unitesLegales:
    'Le fichier CSV « StockUniteLegale » de l’Insee, décompressé (StockUniteLegale_utf8.csv).',
};

/** A size in megabytes (gigabytes above 10 000 Mo), in French. */
export function formatSize(bytes: number): string {
  const mb = bytes / 1e6;
  if (mb >= 10_000)
    return `${(mb / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Go`;
  return `${mb.toLocaleString('fr-FR', { maximumFractionDigits: mb < 10 ? 1 : 0 })} Mo`;
}

function FileField({ name, error }: { name: string; error?: string }) {
  const id = fieldId(name);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{SIRENE_FIELD_LABELS[name]}</label>
      <span class="hint" id={`${id}-hint`}>
        {SIRENE_FIELD_HINTS[name]}
      </span>
      {error && (
        <span class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Erreur : </span>
          {error}
        </span>
      )}
      <input
        type="file"
        id={id}
        name={name}
        accept=".csv,text/csv"
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export interface SireneUploadPageProps {
  ctx: PageContext;
  /** The largest file taken, in bytes (SIRENE_UPLOAD_MAX_MB). */
  maxBytes: number;
  errors?: FieldErrors;
}

/** GET /prospects/sirene: a manager loads INSEE's two SIRENE files into the prospect register. */
export function SireneUploadPage({ ctx, maxBytes, errors = {} }: SireneUploadPageProps) {
  return (
    <Layout ctx={ctx} title="Charger les fichiers SIRENE">
      <ErrorSummary errors={errors} />
      <p>
        <a href="/prospects">Retour aux prospects</a>
      </p>
      <h1>Charger les fichiers SIRENE</h1>
      <p>
        Le répertoire des prospects se remplit à partir des deux fichiers « stock » du répertoire
        SIRENE, publiés chaque mois par l’Insee sur data.gouv.fr. Seuls les établissements
        employeurs actifs du territoire sont retenus ; ceux qui n’y figurent plus quittent le
        répertoire, et les entreprises dont l’établissement est fermé sont signalées.
      </p>
      <p>
        Chaque fichier peut peser jusqu’à {formatSize(maxBytes)}. L’envoi des fichiers nationaux
        (plusieurs gigaoctets) prend du temps : gardez cette page ouverte jusqu’à la page de suivi.
        L’import se fait ensuite en arrière-plan.
      </p>
      {/* `_csrf` comes first (PostForm) so that it is read before the files. */}
      <PostForm ctx={ctx} action="/prospects/sirene" enctype="multipart/form-data" class="panel">
        <FileField name="etablissements" error={errors.etablissements} />
        <FileField name="unitesLegales" error={errors.unitesLegales} />
        <button type="submit">Envoyer et importer</button>
      </PostForm>
    </Layout>
  );
}

function Counts({ job }: { job: SireneImportView }) {
  const rows: [string, number | null][] = [
    ['Établissements lus', job.establishmentsRead],
    ['Établissements retenus (employeurs actifs du territoire)', job.kept],
    ['Unités légales lues', job.legalUnitsRead],
  ];
  if (job.status === 'done')
    rows.push(
      ['Prospects dans le répertoire', job.prospects],
      ['Ajoutés', job.created],
      ['Mis à jour', job.updated],
      ['Inchangés', job.unchanged],
      ['Retirés du répertoire', job.removed],
      ['Entreprises signalées fermées', job.employersClosed],
    );
  return (
    <dl class="summary panel">
      {rows.map(([label, n]) => (
        <>
          <dt>{label}</dt>
          <dd>{formatNumber(n ?? 0)}</dd>
        </>
      ))}
    </dl>
  );
}

const PHASE_LABELS = {
  etablissements: 'Fichier des établissements',
  'unites-legales': 'Fichier des unités légales',
} as const;

export interface SireneImportPageProps {
  ctx: PageContext;
  job: SireneImportView;
  /** Why it failed, in French (null unless `job.status` is `failed`). */
  failure: string | null;
}

/**
 * GET /prospects/sirene/imports/:id: a SIRENE import's progress (file, megabytes read, rows read
 * and kept), refreshed in place like the employer import's (ADR 1576), then its report.
 */
export function SireneImportPage({ ctx, job, failure }: SireneImportPageProps) {
  if (job.status === 'done')
    return (
      <Layout ctx={ctx} title="Import SIRENE terminé">
        <h1>Import SIRENE terminé</h1>
        <p role="status">Le répertoire des prospects est à jour.</p>
        <Counts job={job} />
        <p>
          <a href="/prospects">Voir les prospects</a>
        </p>
      </Layout>
    );
  if (job.status === 'failed')
    return (
      <Layout ctx={ctx} title="Import SIRENE interrompu">
        <h1>Import SIRENE interrompu</h1>
        <p role="alert">{failure}</p>
        <p>Rien n’a été enregistré : le répertoire des prospects est inchangé.</p>
        <p>
          <a href="/prospects/sirene">Charger d’autres fichiers</a>
        </p>
      </Layout>
    );
  return (
    <ImportInProgressPage
      ctx={ctx}
      title="Import SIRENE en cours"
      regionId="sirene-progress"
      href={`/prospects/sirene/imports/${job.id}`}
      progress={
        job.status === 'queued' || job.phase === null ? null : (
          <>
            <ProgressBar
              id="sirene-progress-bar"
              label={`${PHASE_LABELS[job.phase]} (${job.phase === 'etablissements' ? '1' : '2'} sur 2) : ${formatSize(job.bytesRead)} lus sur ${formatSize(job.bytesTotal)}`}
              value={job.bytesRead}
              max={job.bytesTotal}
            />
            <Counts job={job} />
          </>
        )
      }
    />
  );
}
