import type { PageContext } from '../page-context.js';
import { IrreversibleConfirm } from '../components/form.js';
import { Layout } from '../layout.js';

// RGPD erasure from the browser (managers only, as in the API): a confirmation page saying what
// goes and what stays, then one POST. docs/web-records.md, "Erasure".

export interface ErasePageProps {
  ctx: PageContext;
  /** Who is erased, as the staff know them (shown once, before it is gone). */
  name: string;
  /** `young-person` or `contact`: what is removed and what is kept differ. */
  kind: 'young-person' | 'contact';
  /** Where the form posts. */
  action: string;
  /** The page to go back to without erasing. */
  back: string;
  /** The employer's name, for a contact person. */
  employerName?: string;
}

const REMOVED: Record<ErasePageProps['kind'], string[]> = {
  'young-person': [
    'le nom et le prénom (remplacés par « Personne anonymisée ») ;',
    'la date de naissance, l’adresse e-mail, le téléphone et l’identifiant i-milo ;',
    'son nom, là où il apparaît dans les notes des mises en relation et des suivis.',
  ],
  contact: [
    'le nom, le prénom, la fonction, l’adresse e-mail et le téléphone ;',
    'son adresse dans les invitations à l’enquête et dans les e-mails conservés : aucune relance ne lui sera envoyée.',
  ],
};

const KEPT: Record<ErasePageProps['kind'], string> = {
  'young-person':
    'Les mises en relation, contrats et suivis restent, sans identité, pour les indicateurs.',
  contact: 'Les échanges enregistrés avec l’entreprise restent, sans le nom de cet interlocuteur.',
};

/** GET /young-people/:id/erase and /employers/:id/contacts/:contactId/erase. */
export function ErasePage(p: ErasePageProps) {
  const title =
    p.kind === 'young-person' ? `Anonymiser ${p.name}` : `Effacer l’interlocuteur ${p.name}`;
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      {p.employerName && <p>Entreprise : {p.employerName}</p>}
      <div class="panel">
        <h2 style="margin-top:0">Ce qui sera effacé, définitivement</h2>
        <ul>
          {REMOVED[p.kind].map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h2>Ce qui est conservé</h2>
        <p>{KEPT[p.kind]}</p>
        <p>
          <strong>Cette action ne peut pas être annulée.</strong> Elle est inscrite au journal
          d’audit à votre nom.
        </p>
      </div>
      <IrreversibleConfirm
        ctx={p.ctx}
        action={p.action}
        button={p.kind === 'young-person' ? 'Anonymiser définitivement' : 'Effacer définitivement'}
        back={p.back}
      />
    </Layout>
  );
}
