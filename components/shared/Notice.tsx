import type { ComponentChildren } from 'preact';

/** A titled message box; `role` lets urgent ones (errors) be announced. */
export function Notice(props: { tone?: 'info' | 'warn' | 'error'; title?: string; children?: ComponentChildren; testId?: string }) {
  const tone = props.tone ?? 'info';
  return (
    <section class={`ben-notice ${tone === 'info' ? '' : tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={props.testId}>
      {props.title && <h2>{props.title}</h2>}
      {props.children}
    </section>
  );
}
