// The one form card: every form of the portal is a card with a title, its fields, a submit button (and
// any further actions beside it), the server's problem (useFormErrors' ProblemAlert) and a status line
// saying what became of the last submit. Pages give the fields and what submitting does.
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { ProblemAlert, type FormErrors } from './problems';

export interface FormCardProps {
  /** Prefix of the heading's id (`${id}-heading`): the card is a region named by its title. */
  id: string;
  title: string;
  /** A note under the title (what the form does, a file's format). */
  description?: ReactNode;
  errors: FormErrors;
  /** What submitting does (Enter in a field, or the submit button); the browser's own submit is prevented. */
  onSubmit(): unknown;
  /** The submit button's text; none: no submit button (e.g. a read-only view of the form). */
  submitLabel?: string;
  submitDisabled?: boolean;
  /** Further buttons or inputs beside the submit button. */
  actions?: ReactNode;
  /** The problem alert's title ("Not saved", "Not created"). */
  problemTitle?: string;
  /** What became of the last submit: a text is shown as a status line, anything else as given. */
  status?: ReactNode;
  /** Below the status: what the answer brought (a report, a preview). */
  after?: ReactNode;
  /** Leaves the browser's own validation to the server's (default) or lets it check `required` first. */
  browserValidation?: boolean;
  children: ReactNode;
}

export function FormCard({
  id,
  title,
  description,
  errors,
  onSubmit,
  submitLabel,
  submitDisabled,
  actions,
  problemTitle = 'Not saved',
  status,
  after,
  browserValidation = false,
  children,
}: FormCardProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit();
  };
  return (
    <Card withBorder component="section" aria-labelledby={`${id}-heading`}>
      <Title order={2} size="h3" id={`${id}-heading`} mb={description ? 'xs' : 'sm'}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="sm" component="div">
          {description}
        </Text>
      )}
      <form onSubmit={submit} noValidate={!browserValidation}>
        {children}
        {(submitLabel || actions) && (
          <Group mt="sm" align="flex-end">
            {submitLabel && (
              <Button type="submit" loading={errors.busy} disabled={submitDisabled}>
                {submitLabel}
              </Button>
            )}
            {actions}
          </Group>
        )}
      </form>
      <Stack mt="sm" gap="xs">
        <ProblemAlert error={errors.error} title={problemTitle} />
        {typeof status === 'string' ? (
          status && (
            <Text role="status" size="sm">
              {status}
            </Text>
          )
        ) : (
          status
        )}
        {after}
      </Stack>
    </Card>
  );
}
