import type { ComponentChildren } from 'preact';

/**
 * A wide table that scrolls sideways on a phone. The scrolling box is focusable and named, so a
 * keyboard user can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
