/**
 * The console's forms: react-hook-form with one zod schema each (`zod/mini`, through `@hookform/resolvers/zod`). A
 * schema is checked against the body its API route takes (`bodySchema`), so a route that renames, retypes or adds a
 * required field fails `npm run typecheck` here. Errors are shown under their field and tied to it (`aria-invalid`,
 * `aria-describedby`); on submit the first invalid field takes the focus; the server's field issues land on the same
 * fields (`setServerIssues`).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import type { ReactNode } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import type * as z from 'zod/mini';
import { issuesByPath } from './api.ts';
import { fieldAria, FieldNotes } from './ui.tsx';

export { bodySchema } from './form-schema.ts';

/**
 * react-hook-form over a zod schema: every error on submit, the focus on the first; after that a field is checked again
 * as it is typed, so a fixed one clears at once. (Not on leaving a field: an error appearing then moves the button
 * under the pointer that was about to press it.) The submit handler gets the parsed values.
 */
export function useSchemaForm<S extends z.ZodMiniType<FieldValues, FieldValues>>(schema: S, defaultValues: DefaultValues<z.input<S>>) {
  return useForm<z.input<S>, unknown, z.output<S>>({ resolver: zodResolver(schema), defaultValues, mode: 'onSubmit', reValidateMode: 'onChange', shouldFocusError: true });
}

type AnyForm<V extends FieldValues> = UseFormReturn<V, unknown, FieldValues>;

/**
 * Puts the field issues of an API error (`details.issues`, `body.rut`, `body.denied_tools.3`) on the form's fields, the
 * first in the form's order focused; `words` gives a field the console's own sentence instead of the server's. Returns
 * the first field that got one, or null when none fits (the caller shows the error above the form).
 */
export function setServerIssues<V extends FieldValues>(
  form: AnyForm<V>,
  err: unknown,
  words: Partial<Record<Path<V>, string>> = {},
  options: { focus?: boolean } = {},
): Path<V> | null {
  const issues = Object.entries(issuesByPath(err));
  let first: Path<V> | null = null;
  for (const name of Object.keys(form.getValues()) as Array<Path<V>>) {
    const issue = issues.find(([path]) => path === name || path.startsWith(`${name}.`));
    if (!issue) continue;
    form.setError(name, { type: 'server', message: words[name] ?? issue[1] }, { shouldFocus: first === null && options.focus !== false });
    first ??= name;
  }
  return first;
}

/** The message of a field's error, if it has one now. */
export function errorOf<V extends FieldValues>(form: AnyForm<V>, name: Path<V>): string | undefined {
  return form.getFieldState(name, form.formState).error?.message;
}

/** A labelled text input registered with the form, its hint and its error under it. */
export function TextField<V extends FieldValues>(props: {
  form: AnyForm<V>;
  name: Path<V>;
  id: string;
  label: string;
  hint?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'tel' | 'number';
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'tel' | 'numeric';
  required?: boolean;
  /** Rewrites the value as it is typed (a RUT gets its dots and hyphen). */
  format?(value: string): string;
}) {
  const { form, name, id, hint, format } = props;
  const error = errorOf(form, name);
  const field = form.register(name);
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        {...field}
        // The input shows the formatted value before the form reads it.
        onChange={(e) => {
          if (format) e.target.value = format(e.target.value);
          return field.onChange(e);
        }}
        id={id}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        required={props.required}
        {...fieldAria(id, hint, error)}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** A labelled select registered with the form. */
export function SelectField<V extends FieldValues>(props: { form: AnyForm<V>; name: Path<V>; id: string; label: string; hint?: string | undefined; children: ReactNode; busy?: boolean }) {
  const { form, name, id, hint } = props;
  const error = errorOf(form, name);
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select {...form.register(name)} id={id} aria-busy={props.busy} {...fieldAria(id, hint, error)}>
        {props.children}
      </select>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
