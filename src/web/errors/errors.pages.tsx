import type { ComponentChildren } from 'preact';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

function Problem(props: { ctx: PageContext; title: string; children: ComponentChildren }) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>
  );
}

export function NotFoundPage({ ctx }: { ctx: PageContext }) {
  return (
    <Problem ctx={ctx} title="Page introuvable">
      <p>Cette adresse ne correspond à aucune page, ou l’élément a été supprimé ou fusionné.</p>
      <p>
        Vérifiez l’adresse, ou revenez à <a href="/">Ma journée</a>.
      </p>
    </Problem>
  );
}

export function ForbiddenPage({ ctx }: { ctx: PageContext }) {
  return (
    <Problem ctx={ctx} title="Accès refusé">
      <p>Votre rôle ne permet pas d’ouvrir cette page.</p>
      <p>
        Si vous en avez besoin, demandez à la direction. Revenez à <a href="/">Ma journée</a>.
      </p>
    </Problem>
  );
}

/** A state-changing request without a valid CSRF token or from another origin: nothing written. */
export function CsrfPage({ ctx, sessionEnded }: { ctx: PageContext; sessionEnded: boolean }) {
  if (sessionEnded)
    return (
      <Problem ctx={ctx} title="Session terminée">
        <p>Votre session a pris fin avant l’envoi du formulaire. Rien n’a été enregistré.</p>
        <p>
          <a href="/login">Connectez-vous à nouveau</a>, puis refaites votre saisie.
        </p>
      </Problem>
    );
  return (
    <Problem ctx={ctx} title="Formulaire expiré">
      <p>
        Ce formulaire n’a pas pu être vérifié : la page était peut-être ouverte depuis longtemps, ou
        la demande ne vient pas de cette application. Rien n’a été enregistré.
      </p>
      <p>Revenez en arrière, rechargez la page, puis envoyez le formulaire à nouveau.</p>
    </Problem>
  );
}

export function TooManyRequestsPage({ ctx, minutes = 1 }: { ctx: PageContext; minutes?: number }) {
  return (
    <Problem ctx={ctx} title="Trop de tentatives">
      <p>
        Trop de tentatives en peu de temps. Attendez{' '}
        {minutes > 1 ? `${minutes} minutes` : 'une minute'} avant de réessayer.
      </p>
    </Problem>
  );
}

export function BadRequestPage({ ctx, message }: { ctx: PageContext; message: string }) {
  return (
    <Problem ctx={ctx} title="Demande incorrecte">
      <p>{message}</p>
      <p>
        Revenez à <a href="/">Ma journée</a>.
      </p>
    </Problem>
  );
}

export function ConflictPage({ ctx, message }: { ctx: PageContext; message: string }) {
  return (
    <Problem ctx={ctx} title="Action impossible">
      <p>{message}</p>
      <p>Revenez en arrière et rechargez la page pour voir son état actuel.</p>
    </Problem>
  );
}

export function ServerErrorPage({ ctx, unavailable }: { ctx: PageContext; unavailable: boolean }) {
  return (
    <Problem ctx={ctx} title={unavailable ? 'Service momentanément indisponible' : 'Erreur'}>
      <p>
        {unavailable
          ? 'Le service est momentanément indisponible. Réessayez dans quelques instants.'
          : 'Une erreur inattendue s’est produite. Rien n’a été enregistré. Réessayez ; si cela recommence, prévenez l’administrateur.'}
      </p>
    </Problem>
  );
}
