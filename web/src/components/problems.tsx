// The one form-error helper: what the server blamed (problem+json, docs/api.md "Errors") shown on the
// input it names and, whole, in an alert naming every field, so an error for a field the form has no
// input for (`rules[3].restrictions.weekdays[1]`, `body`) is never lost.
import { Alert, List } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { ApiError } from '../api/client';

export interface FormErrors {
  /** The last failure of `submit`, or null. */
  error: unknown;
  busy: boolean;
  /**
   * The reason the server gave for `field`, for an input's `error` prop; an input standing for a list or
   * an object also shows what was said of its elements (`criteria.countries[1]: …` on `criteria.countries`).
   */
  field(name: string): string | undefined;
  /** Runs `action`, keeping its failure; resolves with its result, or undefined when it failed. */
  submit<T>(action: () => Promise<T>): Promise<T | undefined>;
  /** Sets a failure found before asking the server (the form's own checks). */
  fail(error: unknown): void;
  reset(): void;
}

export function useFormErrors(): FormErrors {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const field = useCallback((name: string) => reasonsFor(error, name), [error]);
  const submit = useCallback(async <T,>(action: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (failure) {
      setError(failure);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(null), []);
  return useMemo(() => ({ error, busy, field, submit, fail: setError, reset }), [error, busy, field, submit, reset]);
}

/** A failure as an alert: the problem's title and detail, and every field the server named with its reason. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" role="alert" title={title ?? problem?.title ?? 'Something went wrong'}>
      {problem && problem.errors.length > 0 ? (
        <List size="sm">
          {problem.errors.map((failure) => (
            <List.Item key={failure.field + failure.reason}>
              <code>{failure.field}</code>: {failure.reason}
            </List.Item>
          ))}
        </List>
      ) : (
        message
      )}
    </Alert>
  );
}

/** What `error` says of `name` and of its elements and members, or undefined. */
export function reasonsFor(error: unknown, name: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const said = error.errors
    .filter((failure) => failure.field === name || failure.field.startsWith(`${name}[`) || failure.field.startsWith(`${name}.`))
    .map((failure) => (failure.field === name ? failure.reason : `${failure.field.slice(name.length).replace(/^\./, '')}: ${failure.reason}`));
  return said.length ? said.join('; ') : undefined;
}
