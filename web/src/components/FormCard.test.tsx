import { MantineProvider, TextInput } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { FormCard } from './FormCard';
import { useFormErrors } from './problems';

function Example({ refuse, submitLabel }: { refuse: boolean; submitLabel?: string }) {
  const errors = useFormErrors();
  const [name, setName] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const submit = async () => {
    const done = await errors.submit(async () => {
      if (refuse) throw new ApiError(400, { title: 'Invalid argument', errors: [{ field: 'name', reason: 'must not be empty' }] });
      return name;
    });
    if (done !== undefined) setStatus(`Saved ${done}.`);
  };
  return (
    <FormCard id="example" title="An example" description="What it does" errors={errors} onSubmit={submit} submitLabel={submitLabel} status={status} problemTitle="Not created">
      <TextInput label="Name" value={name} onChange={(event) => setName(event.currentTarget.value)} error={errors.field('name')} />
    </FormCard>
  );
}

const show = (element: ReactNode) => render(<MantineProvider>{element}</MantineProvider>);

describe('FormCard', () => {
  it('is a region named by its title; Enter submits; the status line says what became of it', async () => {
    show(<Example refuse={false} submitLabel="Create" />);
    const card = screen.getByRole('region', { name: 'An example' });
    expect(within(card).getByText('What it does')).toBeInTheDocument();
    await userEvent.setup().type(within(card).getByLabelText('Name'), 'Acme{enter}');
    expect(await within(card).findByRole('status')).toHaveTextContent('Saved Acme.');
    expect(within(card).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows the problem on the input it names and whole in the alert', async () => {
    show(<Example refuse submitLabel="Create" />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Create' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not created');
    expect(alert).toHaveTextContent('name: must not be empty');
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('has no submit button without a label', () => {
    show(<Example refuse={false} />);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
