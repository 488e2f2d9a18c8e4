import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page-context.js';

/** API field name → French message, in the order the fields appear on the form. */
export type FieldErrors = Record<string, string>;

/** The key of a form-wide error in `FieldErrors`: no field to link to, the summary shows it. */
export const FORM_ERROR = '_form';

export interface Option {
  value: string;
  label: string;
}

/** The HTML id of a field named `name` (API field names may hold dots: `address.postalCode`). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

const errorId = (name: string) => `${fieldId(name)}-error`;
const hintId = (name: string) => `${fieldId(name)}-hint`;

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? hintId(name) : '', error ? errorId(name) : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** The session's CSRF token; POST forms built with `PostForm` carry it already. */
export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

/**
 * A state-changing form: POST, the CSRF token, and no browser validation so that every error is
 * the server's, in French, in the error summary and beside its field.
 */
export function PostForm(props: {
  ctx: PageContext;
  action: string;
  children: ComponentChildren;
  class?: string;
  enctype?: string;
  id?: string;
}) {
  return (
    <form
      method="post"
      action={props.action}
      noValidate
      class={props.class}
      enctype={props.enctype}
      id={props.id}
    >
      <CsrfField ctx={props.ctx} />
      {props.children}
    </form>
  );
}

/**
 * The last step of an action that cannot be undone: a note saying so, then one POST button (the
 * CSRF token included) and a way back that changes nothing.
 */
export function IrreversibleConfirm(props: {
  ctx: PageContext;
  action: string;
  button: string;
  back: string;
}) {
  return (
    <PostForm ctx={props.ctx} action={props.action}>
      <p class="actions">
        <button type="submit" class="warning">
          {props.button}
        </button>
        <a class="button secondary" href={props.back}>
          Annuler
        </a>
      </p>
    </PostForm>
  );
}

/** GOV.UK's error summary: first in the page, focused by the script, each error links to its field. */
export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">Il y a un problème</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {field === FORM_ERROR ? message : <a href={`#${fieldId(field)}`}>{message}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Hint({ name, hint }: { name: string; hint?: string }) {
  return hint ? (
    <span class="hint" id={hintId(name)}>
      {hint}
    </span>
  ) : null;
}

function ErrorMessage({ name, error }: { name: string; error?: string }) {
  return error ? (
    <span class="error-message" id={errorId(name)}>
      <span class="visually-hidden">Erreur : </span>
      {error}
    </span>
  ) : null;
}

interface FieldBase {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The label, hint and error around one control: what every single-control field shares. */
function LabelledField(props: FieldBase & { children: ComponentChildren }) {
  const { name, label, hint, error } = props;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={fieldId(name)}>
        {label}
        {props.required ? '' : ' (facultatif)'}
      </label>
      <Hint name={name} hint={hint} />
      <ErrorMessage name={name} error={error} />
      {props.children}
    </div>
  );
}

/** The attributes that tie a control to its label, hint and error. */
function controlAttributes({ name, hint, error }: FieldBase) {
  return {
    id: fieldId(name),
    name,
    'aria-describedby': describedBy(name, hint, error),
    'aria-invalid': error ? ('true' as const) : undefined,
  };
}

export function TextField(
  props: FieldBase & {
    value?: unknown;
    type?:
      | 'text'
      | 'email'
      | 'password'
      | 'search'
      | 'number'
      | 'date'
      | 'datetime-local'
      | 'tel'
      | 'url';
    autocomplete?: string;
    inputMode?: 'numeric' | 'decimal' | 'tel' | 'email' | 'search' | 'text';
    maxLength?: number;
    spellcheck?: boolean;
  },
) {
  return (
    <LabelledField {...props}>
      <input
        // Preact's types pair each input type with its own attributes; these are common to all.
        {...({ type: props.type ?? 'text' } as { type: 'text' })}
        {...controlAttributes(props)}
        value={text(props.value)}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        spellcheck={props.spellcheck}
      />
    </LabelledField>
  );
}

export function TextArea(
  props: FieldBase & { value?: unknown; rows?: number; maxLength?: number },
) {
  return (
    <LabelledField {...props}>
      <textarea {...controlAttributes(props)} rows={props.rows ?? 4} maxLength={props.maxLength}>
        {text(props.value)}
      </textarea>
    </LabelledField>
  );
}

export function SelectField(
  props: FieldBase & { options: Option[]; value?: unknown; emptyLabel?: string },
) {
  const current = text(props.value);
  return (
    <LabelledField {...props}>
      <select {...controlAttributes(props)}>
        {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

/** Radios or checkboxes in a fieldset; the first input carries the field id the summary links to. */
export function ChoiceGroup(
  props: FieldBase & {
    legend?: string;
    type: 'radio' | 'checkbox';
    options: Option[];
    value?: unknown;
  },
) {
  const { name, hint, error } = props;
  const chosen = new Set(
    (Array.isArray(props.value) ? props.value : [props.value]).filter(Boolean).map(String),
  );
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <fieldset aria-describedby={describedBy(name, hint, error)}>
        <legend>
          {props.legend ?? props.label}
          {props.required ? '' : ' (facultatif)'}
        </legend>
        <Hint name={name} hint={hint} />
        <ErrorMessage name={name} error={error} />
        <div class="choices">
          {props.options.map((o, i) => {
            const id = i === 0 ? fieldId(name) : `${fieldId(name)}-${i}`;
            return (
              <label class="choice" for={id} key={o.value}>
                <input
                  type={props.type}
                  id={id}
                  name={name}
                  value={o.value}
                  checked={chosen.has(o.value)}
                />
                {o.label}
              </label>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
