import type { ComponentChildren } from 'preact';

/** A labelled control with its hint and error tied by id (screen readers read all three). */
export function Field(props: { id: string; label: string; hint?: string; error?: string; children: (describedBy: string | undefined) => ComponentChildren }) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children(describedBy)}
      {props.hint && (
        <p id={hintId} class="ben-muted">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={errorId} class="field-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}
