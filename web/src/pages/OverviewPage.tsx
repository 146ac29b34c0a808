// The overview: sessions, energy, revenue and margin per month (GET /statistics/monthly) as charts, with
// the same figures in a table below them, exactly as the API states them; the CDRs of those months that
// need attention, and the health of the roaming peers (GET /peers).
import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Anchor, Badge, Button, Card, Group, List, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { MonthlyStatistics, Page, Peer } from '../api/types';
import { ProblemAlert } from '../components/problems';
import { instant, money } from '../format';
import { useCan, useSession } from '../session';

/** "YYYY-MM-01" of the month after `month` ("YYYY-MM"): the exclusive end of a range of months. */
export function firstDayAfter(month: string): string {
  const [year, index] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return index === 12 ? `${year + 1}-01-01` : `${year}-${String(index + 1).padStart(2, '0')}-01`;
}

/** What is wrong with `peer`, if anything: not connected, or a module whose last sync failed. */
export function peerTrouble(peer: Peer): string | null {
  if (peer.status !== 'connected') return peer.status;
  const failing = peer.sync.filter((state) => state.last_error_at && (!state.last_success_at || state.last_success_at < state.last_error_at));
  if (failing.length === 0) return null;
  return failing.map((state) => `${state.module} failed ${instant(state.last_error_at)}${state.last_error ? `: ${state.last_error}` : ''}`).join('; ');
}

/** The roaming peers at a glance: how many are healthy, and what is wrong with the others. */
function PeerHealth() {
  const { client } = useSession();
  const [peers, setPeers] = useState<Peer[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    client.get<Page<Peer>>('/peers', { limit: 100 }).then((page) => setPeers(page.items), setError);
  }, [client]);
  const troubled = (peers ?? []).map((peer) => ({ peer, trouble: peerTrouble(peer) })).filter((entry) => entry.trouble !== null);
  return (
    <Card withBorder component="section" aria-label="Roaming peer health">
      <Text fw={600} mb="xs">
        Roaming peers
      </Text>
      {error !== null && <ProblemAlert error={error} />}
      {peers === null && error === null && <Text c="dimmed">Loading…</Text>}
      {peers !== null && peers.length === 0 && <Text c="dimmed">No roaming peers yet.</Text>}
      {peers !== null && peers.length > 0 && (
        <Stack gap="xs">
          <Text>
            <Badge color={troubled.length === 0 ? 'green' : 'orange'} variant="light" mr="xs">
              {peers.length - troubled.length} of {peers.length} healthy
            </Badge>
          </Text>
          {troubled.length > 0 && (
            <List size="sm">
              {troubled.map(({ peer, trouble }) => (
                <List.Item key={peer.id}>
                  {peer.name}: {trouble}
                </List.Item>
              ))}
            </List>
          )}
          <Anchor component={RouterLink} to="/peers" size="sm">
            Open the roaming peers
          </Anchor>
        </Stack>
      )}
    </Card>
  );
}

/** "YYYY-MM" of `date` and of the 11 months before it: the default range is the last twelve months. */
export function lastTwelveMonths(date: Date): { from: string; to: string } {
  const month = (year: number, index: number) => `${year + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  const year = date.getUTCFullYear();
  const index = date.getUTCMonth();
  return { from: index >= 11 ? month(year, index - 11) : month(year - 1, index + 1), to: month(year, index) };
}

/** Every "YYYY-MM" from `from` to `to`, both included (at most 120; none when the range is malformed). */
export function monthsBetween(from: string, to: string): string[] {
  const parse = (text: string) => (/^\d{4}-\d{2}$/.test(text) ? Number(text.slice(0, 4)) * 12 + Number(text.slice(5)) - 1 : NaN);
  const [first, last] = [parse(from), parse(to)];
  if (!Number.isFinite(first) || !Number.isFinite(last) || last < first) return [];
  return Array.from({ length: Math.min(last - first + 1, 120) }, (_, offset) => `${Math.floor((first + offset) / 12)}-${String(((first + offset) % 12) + 1).padStart(2, '0')}`);
}

export function OverviewPage() {
  const { client, me } = useSession();
  const can = useCan();
  const [range, setRange] = useState(() => lastTwelveMonths(new Date()));
  const [draft, setDraft] = useState(range);
  const [months, setMonths] = useState<MonthlyStatistics[] | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'refused' | 'failed'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [currency, setCurrency] = useState('');

  const load = useCallback(() => {
    setState('loading');
    client.monthlyStatistics(range).then(
      (answer) => {
        setMonths(answer);
        setState('ready');
      },
      (failure: unknown) => {
        setError(failure);
        // 403: the user's roles do not include them.
        setState(failure instanceof ApiError && failure.status === 403 ? 'refused' : 'failed');
      },
    );
  }, [client, range]);
  useEffect(load, [load]);

  const currencies = useMemo(() => [...new Set((months ?? []).map((month) => month.currency))], [months]);
  const shown = currency && currencies.includes(currency) ? currency : currencies[0] ?? '';
  const rows = (months ?? []).filter((month) => month.currency === shown);
  // Chart heights need numbers; the figures themselves are shown as the API states them (the table). A
  // month without CDRs is absent from the answer: the charts show it as zero, the table leaves it out.
  const chartData = monthsBetween(range.from, range.to).map((name) => {
    const month = rows.find((row) => row.month === name);
    const height = (value: string | null | undefined) => (value == null ? null : Number(value));
    return {
      month: name,
      Sessions: month?.sessions ?? 0,
      'Energy (kWh)': month ? Number(month.energy_kwh) : 0,
      Revenue: month ? height(month.revenue_excl_vat) : 0,
      'CPO cost': month ? height(month.cpo_cost) : 0,
      Margin: month ? height(month.margin) : 0,
    };
  });
  const withCost = rows.some((month) => month.cpo_cost !== null);
  // In every currency: a CDR needing attention may have no price yet.
  const needingAttention = (months ?? []).reduce((sum, month) => sum + month.needs_attention, 0);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setRange(draft);
  };

  return (
    <Stack>
      <Title order={1}>Overview</Title>
      <Text c="dimmed">Welcome, {me?.user.display_name}. The tenant's charging per month.</Text>
      <form onSubmit={apply} aria-label="Months shown">
        <Group align="flex-end" gap="sm">
          <TextInput label="From month" type="month" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })} error={state === 'failed' && error instanceof ApiError ? error.reasonFor('from') : undefined} />
          <TextInput label="To month" type="month" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })} error={state === 'failed' && error instanceof ApiError ? error.reasonFor('to') : undefined} />
          {currencies.length > 1 && <NativeSelect label="Currency" data={currencies} value={shown} onChange={(event) => setCurrency(event.currentTarget.value)} />}
          <Button type="submit">Show</Button>
        </Group>
      </form>
      {state === 'loading' && <Text c="dimmed">Loading…</Text>}
      {state === 'refused' && <Alert color="gray" title="No statistics for your roles">Your roles do not include the tenant's statistics.</Alert>}
      {state === 'failed' && <ProblemAlert error={error} />}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {state === 'ready' && (
          <Card withBorder component="section" aria-label="CDRs needing attention">
            <Text fw={600} mb="xs">
              CDRs needing attention
            </Text>
            <Text>
              <Badge color={needingAttention === 0 ? 'green' : 'red'} variant="light" mr="xs">
                {needingAttention}
              </Badge>
              {needingAttention === 0 ? 'None in these months.' : `of the sessions in these months ${needingAttention === 1 ? 'is' : 'are'} not rated yet.`}
            </Text>
            {needingAttention > 0 && (
              <Anchor component={RouterLink} to={`/cdrs?needs_attention=true&from=${range.from}-01&to=${firstDayAfter(range.to)}`} size="sm">
                Show them in the CDR browser
              </Anchor>
            )}
          </Card>
        )}
        {can('peers.read') && <PeerHealth />}
      </SimpleGrid>
      {state === 'ready' && rows.length === 0 && <Text c="dimmed">No charging in these months.</Text>}
      {state === 'ready' && rows.length > 0 && (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder component="figure" m={0} aria-label="Sessions per month">
              <Text fw={600} mb="xs" component="figcaption">
                Sessions per month
              </Text>
              <BarChart h={220} data={chartData} dataKey="month" series={[{ name: 'Sessions', color: 'brand.6' }]} />
            </Card>
            <Card withBorder component="figure" m={0} aria-label="Energy per month">
              <Text fw={600} mb="xs" component="figcaption">
                Energy per month (kWh)
              </Text>
              <BarChart h={220} data={chartData} dataKey="month" series={[{ name: 'Energy (kWh)', color: 'teal.6' }]} />
            </Card>
            <Card withBorder component="figure" m={0} aria-label={`${withCost ? 'Revenue, CPO cost and margin' : 'Revenue'} per month (${shown})`} style={{ gridColumn: '1 / -1' }}>
              <Text fw={600} mb="xs" component="figcaption">
                {withCost ? 'Revenue, CPO cost and margin' : 'Revenue'} per month ({shown}, excl. VAT)
              </Text>
              <LineChart
                h={260}
                data={chartData}
                dataKey="month"
                withLegend
                series={[
                  { name: 'Revenue', color: 'brand.6' },
                  ...(withCost
                    ? [
                        { name: 'CPO cost', color: 'orange.6' },
                        { name: 'Margin', color: 'teal.7' },
                      ]
                    : []),
                ]}
              />
            </Card>
          </SimpleGrid>
          <Table.ScrollContainer minWidth={600} type="native">
            <Table aria-label="Figures per month" striped>
              <Table.Thead>
                <Table.Tr>
                  {['Month', 'Sessions', 'Energy', 'Revenue excl. VAT', 'CPO cost excl. VAT', 'Margin excl. VAT'].map((header) => (
                    <Table.Th key={header} scope="col">
                      {header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((month) => (
                  <Table.Tr key={month.month + month.currency}>
                    <Table.Th scope="row">{month.month}</Table.Th>
                    <Table.Td>{month.sessions}</Table.Td>
                    <Table.Td>{month.energy_kwh} kWh</Table.Td>
                    <Table.Td>{money(month.revenue_excl_vat, month.currency)}</Table.Td>
                    <Table.Td>{money(month.cpo_cost, month.currency)}</Table.Td>
                    <Table.Td>{money(month.margin, month.currency)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
