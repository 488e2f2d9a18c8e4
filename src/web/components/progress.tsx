import type { ComponentChildren } from 'preact';

/**
 * A background job's progress region (ADR 1576): while the job waits or runs, the page's script
 * fetches the page again every `every` ms and swaps this region in place (announced politely),
 * then the whole page once the region is gone (the job is over). Without JavaScript, the
 * "Actualiser" link reloads the page. No timed reload: it fails WCAG 2.2.1.
 */
export function ProgressRegion(props: {
  id: string;
  /** The page itself, for the "Actualiser" link. */
  href: string;
  /** What the person may do meanwhile, before the link. */
  leave: string;
  every?: number;
  children: ComponentChildren;
}) {
  return (
    <>
      <div id={props.id} data-refresh={String(props.every ?? 2000)} aria-live="polite">
        {props.children}
      </div>
      <p>
        {props.leave} <a href={props.href}>Actualiser</a>
      </p>
    </>
  );
}

/** A labelled progress bar: `value` out of `max`, the percentage inside for old browsers. */
export function ProgressBar(props: {
  id: string;
  label: ComponentChildren;
  value: number;
  max: number;
}) {
  const max = Math.max(props.max, 1);
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <progress id={props.id} max={max} value={Math.min(props.value, max)}>
        {Math.round((Math.min(props.value, max) / max) * 100)} %
      </progress>
    </>
  );
}
