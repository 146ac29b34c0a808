import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { project } from '../components/LocationMap';
import { fakeServer, meWith } from '../test/fakeServer';
import { location } from '../test/fixtures';
import { renderPortal } from '../test/render';

const AMSTERDAM = location(1, { name: 'Damrak', coordinates: { latitude: '52.3740', longitude: '4.8897' } });
const UTRECHT = location(2, { name: 'Utrecht Centraal', city: 'Utrecht', coordinates: { latitude: '52.0894', longitude: '5.1101' } });
const ROTTERDAM = location(3, { name: 'Rotterdam Centraal', city: 'Rotterdam', coordinates: { latitude: '51.9244', longitude: '4.4690' } });

describe('LocationMap projection', () => {
  it('puts north up and east right within the padding, keeping the aspect', () => {
    const [amsterdam, utrecht, rotterdam] = project([AMSTERDAM, UTRECHT, ROTTERDAM], 600, 360, 30);
    expect(amsterdam.y).toBeLessThan(utrecht.y); // Amsterdam is north of Utrecht
    expect(utrecht.y).toBeLessThan(rotterdam.y);
    expect(rotterdam.x).toBeLessThan(amsterdam.x); // Rotterdam is west of Amsterdam
    expect(amsterdam.x).toBeLessThan(utrecht.x);
    // The north-south span (0.45°) fills the height between the paddings: 360 - 2 × 30.
    expect(rotterdam.y - amsterdam.y).toBeCloseTo(300, 6);
    // East-west: 0.6411° of longitude at ~52.15° is 0.6411 × cos(52.149°) ≈ 0.3935 "degrees" of 0.4496 north-south.
    expect((utrecht.x - rotterdam.x) / (rotterdam.y - amsterdam.y)).toBeCloseTo((0.6411 * Math.cos((52.1492 * Math.PI) / 180)) / 0.4496, 3);
    for (const point of [amsterdam, utrecht, rotterdam]) {
      expect(point.x).toBeGreaterThanOrEqual(30);
      expect(point.x).toBeLessThanOrEqual(570);
    }
  });

  it('centres a single point and leaves out unreadable coordinates', () => {
    const points = project([AMSTERDAM, location(4, { coordinates: { latitude: 'north', longitude: '4' } })], 600, 360, 30);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ x: 300, y: 180 });
  });
});

describe('LocationsPage', () => {
  it('searches with labelled filters and shows the chargers of a point chosen with the keyboard', async () => {
    const server = fakeServer({
      'GET /api/v1/me': { status: 200, body: meWith(['locations.read']) },
      'GET /api/v1/locations': { status: 200, body: { items: [AMSTERDAM, UTRECHT, ROTTERDAM], next: null } },
      'GET /api/v1/locations?text=centraal&latitude=52.09&longitude=5.11&radius_m=5000': { status: 200, body: { items: [UTRECHT], next: null } },
    });
    renderPortal(server.fetchFunction, '/locations');
    const table = await screen.findByRole('table', { name: 'Locations' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    const map = await screen.findByRole('group', { name: 'Map of 3 locations' });
    const points = within(map).getAllByRole('button');
    expect(points.map((point) => point.getAttribute('aria-label'))).toEqual(['Damrak, Amsterdam (NL-CPO)', 'Utrecht Centraal, Utrecht (NL-CPO)', 'Rotterdam Centraal, Rotterdam (NL-CPO)']);

    const user = userEvent.setup();
    act(() => points[1].focus());
    await user.keyboard('{Enter}');
    const chargers = await screen.findByRole('table', { name: 'Chargers of Utrecht Centraal' });
    expect(within(chargers).getByText('NL*CPO*E2')).toBeInTheDocument();
    expect(within(chargers).getByText(/150.000 kW/)).toBeInTheDocument();
    expect(points[1]).toHaveAttribute('aria-pressed', 'true');

    await user.type(screen.getByLabelText('Search'), 'centraal');
    await user.type(screen.getByLabelText('Near latitude'), '52.09');
    await user.type(screen.getByLabelText('Near longitude'), '5.11');
    await user.type(screen.getByLabelText('Within (m)'), '5000');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('group', { name: 'Map of 1 location' })).toBeInTheDocument());
    expect(screen.getByRole('table', { name: 'Chargers of Utrecht Centraal' })).toBeInTheDocument(); // still listed, still chosen
  });
});
