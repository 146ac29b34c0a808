import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BusinessPartnerGroup } from '../../api/types';
import { fakeServer, meWith, problem } from '../../test/fakeServer';
import { renderPortal } from '../../test/render';

function world(permissions: string[]) {
  const groups: BusinessPartnerGroup[] = [{ id: 5, name: 'Fleet partners', units: [2] }];
  const server = fakeServer({
    'GET /api/v1/me': { status: 200, body: meWith(['organisation_units.read', ...permissions]) },
    'GET /api/v1/organisation-units': {
      status: 200,
      body: {
        items: [
          { id: 1, name: 'Demo MSP', parent_id: null },
          { id: 2, name: 'Acme Logistics B.V.', parent_id: 1 },
          { id: 3, name: 'Vans', parent_id: 2 },
        ],
      },
    },
    'GET /api/v1/business-partner-groups': () => ({ status: 200, body: { items: [...groups] } }),
    'POST /api/v1/business-partner-groups': (exchange) => {
      const body = exchange.body as { name: string; units: number[] };
      if (body.units.includes(1)) return problem(404, 'units[0]', 'no such organisation unit');
      const group = { id: 6, ...body };
      groups.push(group);
      return { status: 201, body: group };
    },
    'PUT /api/v1/business-partner-groups/5': (exchange) => {
      groups[0] = { id: 5, ...(exchange.body as { name: string; units: number[] }) };
      return { status: 200, body: groups[0] };
    },
    'DELETE /api/v1/business-partner-groups/5': () => {
      groups.splice(0, 1);
      return { status: 204 };
    },
  });
  return server;
}

describe('PricingPage: business partner groups', () => {
  it('lists the groups with their units, creates, edits and deletes one, naming the unit refused', async () => {
    const server = world(['pricing.read', 'pricing.manage']);
    renderPortal(server.fetchFunction, '/pricing?tab=partners');
    const table = await screen.findByRole('table', { name: 'Business partner groups' });
    await waitFor(() => expect(within(table).getByText('Acme Logistics B.V.')).toBeInTheDocument());
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'New business partner group' }));
    const editor = screen.getByRole('region', { name: 'New business partner group' });
    await user.type(within(editor).getByLabelText(/^Name/), 'Everyone');
    await user.click(within(editor).getByLabelText('Demo MSP'));
    await user.click(within(editor).getByRole('button', { name: 'Create group' }));
    expect(await within(editor).findByRole('alert')).toHaveTextContent('units[0]: no such organisation unit');
    await user.click(within(editor).getByLabelText('Demo MSP'));
    await user.click(within(editor).getByLabelText('Vans'));
    await user.click(within(editor).getByRole('button', { name: 'Create group' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Created Everyone.');
    expect(server.exchanges.filter((exchange) => exchange.method === 'POST').map((exchange) => exchange.body)).toEqual([
      { name: 'Everyone', units: [1] },
      { name: 'Everyone', units: [3] },
    ]);
    const listed = within(screen.getByRole('table', { name: 'Business partner groups' }));
    await waitFor(() => expect(listed.getAllByRole('row').map((row) => row.textContent)).toContain('EveryoneVansEdit Everyone'));

    await user.click(screen.getByRole('button', { name: 'Edit Fleet partners' }));
    const edit = screen.getByRole('region', { name: 'Business partner group Fleet partners' });
    expect(within(edit).getByLabelText('Acme Logistics B.V.')).toBeChecked();
    await user.click(within(edit).getByLabelText('Vans'));
    await user.click(within(edit).getByRole('button', { name: 'Save group' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Saved Fleet partners.');
    expect(server.exchanges.find((exchange) => exchange.method === 'PUT')?.body).toEqual({ name: 'Fleet partners', units: [2, 3] });

    await user.click(screen.getByRole('button', { name: 'Edit Fleet partners' }));
    await user.click(within(screen.getByRole('region', { name: 'Business partner group Fleet partners' })).getByRole('button', { name: 'Delete group' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Deleted Fleet partners.');
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Business partner groups' })).queryByText('Fleet partners')).not.toBeInTheDocument());
  });

  it('shows a reader the groups without changing them', async () => {
    renderPortal(world(['pricing.read']).fetchFunction, '/pricing?tab=partners');
    expect(await screen.findByRole('table', { name: 'Business partner groups' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Edit|New business partner group/ })).not.toBeInTheDocument();
  });
});
