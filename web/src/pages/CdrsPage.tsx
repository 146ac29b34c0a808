// Charge records: the MSP CDRs (what each customer pays) with filters, and one CDR's detail with the CPO
// CDR beside it, its lines and the rating's explanation; re-rating for those needing attention.
import { Alert, Anchor, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router-dom';
import type { Query } from '../api/client';
import { ATTENTION_REASONS, type MspCdr, type MspCdrDetail } from '../api/types';
import { CursorList, type Column } from '../components/CursorList';
import { Facts } from '../components/Facts';
import { ProblemAlert, useFormErrors } from '../components/problems';
import { unitFilter, useUnits } from '../components/units';
import { dayStart, instant, money } from '../format';
import { useCan, useSession } from '../session';

const COLUMNS: Column<MspCdr>[] = [
  {
    header: 'Session start',
    render: (cdr) => (
      <Anchor component={RouterLink} to={`/cdrs/${cdr.id}`}>
        {instant(cdr.session_start)}
        <span className="visually-hidden"> (CDR {cdr.id})</span>
      </Anchor>
    ),
  },
  { header: 'CPO', render: (cdr) => cdr.cpo },
  { header: 'Total excl. VAT', render: (cdr) => money(cdr.total_excl_vat, cdr.currency) },
  { header: 'Total incl. VAT', render: (cdr) => money(cdr.total_incl_vat, cdr.currency) },
  { header: 'CPO cost', render: (cdr) => money(cdr.cpo_cost, cdr.currency) },
  { header: 'Margin', render: (cdr) => money(cdr.margin, cdr.currency) },
  { header: 'State', render: (cdr) => <AttentionBadge cdr={cdr} /> },
];

function AttentionBadge({ cdr }: { cdr: MspCdr }) {
  if (!cdr.needs_attention) return <Badge color="green" variant="light">{cdr.credit_of ? 'Credit' : 'Rated'}</Badge>;
  return (
    <Badge color="orange" variant="light" title={cdr.attention?.detail}>
      {cdr.attention?.reason ?? 'Needs attention'}
    </Badge>
  );
}

export function CdrsPage() {
  const can = useCan();
  const { client } = useSession();
  const [query, setQuery] = useState<Query>({});
  const [reloadKey, setReloadKey] = useState(0);
  const [rerated, setRerated] = useState<string | null>(null);
  const rerate = useFormErrors();
  const units = useUnits();
  // Filters may come with the address (`/cdrs?needs_attention=true&from=2026-10-01`, the overview's link).
  const [searchParams] = useSearchParams();

  const rerateHeld = async () => {
    setRerated(null);
    const reason = typeof query.reason === 'string' ? query.reason : undefined;
    const answer = await rerate.submit(() => client.post<{ reason: string | null; rated: number }>('/msp-cdrs/rerate', reason ? { reason } : {}));
    if (answer) {
      setRerated(`${answer.rated} CDR${answer.rated === 1 ? '' : 's'} rated now.`);
      setReloadKey((key) => key + 1);
    }
  };

  return (
    <Stack>
      <Title order={1}>Charge records</Title>
      <Text c="dimmed">What each customer pays for a charging session (MSP CDRs), rated from the CPO's CDRs.</Text>
      {can('pricing.manage') && (
        <Group gap="sm">
          <Button variant="light" color="orange" onClick={() => void rerateHeld()} loading={rerate.busy}>
            Re-rate CDRs needing attention{typeof query.reason === 'string' ? ` (${query.reason})` : ''}
          </Button>
          {rerated && (
            <Text size="sm" role="status">
              {rerated}
            </Text>
          )}
        </Group>
      )}
      <ProblemAlert error={rerate.error} title="Re-rating failed" />
      <CursorList<MspCdr>
        path="/msp-cdrs"
        caption="MSP CDRs"
        columns={COLUMNS}
        rowKey={(cdr) => cdr.id}
        reloadKey={reloadKey}
        onQuery={setQuery}
        emptyText="No charge records match these filters."
        initialFilters={{ order: 'newest', ...Object.fromEntries(searchParams) }}
        filters={[
          { name: 'from', label: 'Sessions from', kind: 'date', toQuery: dayStart, description: 'Start date (UTC), inclusive' },
          { name: 'to', label: 'Sessions before', kind: 'date', toQuery: dayStart, description: 'Start date (UTC), exclusive' },
          { name: 'cpo', label: 'CPO', placeholder: 'NL-CPO', description: 'Country and party id' },
          { name: 'currency', label: 'Currency', placeholder: 'EUR', toQuery: (value) => value.trim().toUpperCase() },
          ...unitFilter(units.units, 'Customer unit'),
          { name: 'profile_id', label: 'Profile id', kind: 'number' },
          {
            name: 'reason',
            label: 'Attention reason',
            kind: 'select',
            options: [{ value: '', label: 'Any' }, ...ATTENTION_REASONS.map((reason) => ({ value: reason, label: reason }))],
          },
          {
            name: 'order',
            label: 'Order',
            kind: 'select',
            options: [
              { value: 'newest', label: 'Newest first' },
              { value: 'oldest', label: 'Oldest first' },
            ],
          },
          { name: 'needs_attention', label: 'Needs attention only', kind: 'checkbox' },
        ]}
      />
    </Stack>
  );
}

export function CdrDetailPage() {
  const { mspCdrId } = useParams();
  const { client } = useSession();
  const can = useCan();
  const [cdr, setCdr] = useState<MspCdrDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const rerate = useFormErrors();

  const load = useCallback(() => {
    setError(null);
    client.get<MspCdrDetail>(`/msp-cdrs/${encodeURIComponent(mspCdrId ?? '')}`).then(setCdr, setError);
  }, [client, mspCdrId]);
  useEffect(load, [load]);

  const rerateOne = async () => {
    const answer = await rerate.submit(() => client.post<MspCdrDetail>(`/msp-cdrs/${cdr!.id}/rerate`));
    if (answer) setCdr(answer);
  };

  return (
    <Stack>
      <Anchor component={RouterLink} to="/cdrs" size="sm">
        ← All charge records
      </Anchor>
      <Title order={1}>Charge record {mspCdrId}</Title>
      <ProblemAlert error={error} />
      {!cdr && !error && <Text c="dimmed">Loading…</Text>}
      {cdr && (
        <>
          {cdr.needs_attention && (
            <Alert color="orange" title={`Needs attention: ${cdr.attention?.reason ?? ''}`}>
              <Stack gap="xs">
                <Text size="sm">{cdr.attention?.detail}</Text>
                {can('pricing.manage') && (
                  <Group>
                    <Button size="xs" onClick={() => void rerateOne()} loading={rerate.busy}>
                      Re-rate this CDR
                    </Button>
                  </Group>
                )}
              </Stack>
            </Alert>
          )}
          <ProblemAlert error={rerate.error} title="Re-rating failed" />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder component="section" aria-labelledby="cpo-cdr-heading">
              <Title order={2} size="h4" id="cpo-cdr-heading" mb="sm">
                What the CPO stated (CPO CDR {cdr.cpo_cdr.id})
              </Title>
              <Facts
                items={[
                  ['CPO', cdr.cpo_cdr.cpo],
                  ['CDR id', cdr.cpo_cdr.cdr_id],
                  ['Location', `${cdr.cpo_cdr.location_id} / ${cdr.cpo_cdr.evse_uid}`],
                  ['Token', `${cdr.cpo_cdr.token.uid} (${cdr.cpo_cdr.token.type}, ${cdr.cpo_cdr.token.contract_id})`],
                  ['Start', instant(cdr.cpo_cdr.start_date_time)],
                  ['End', instant(cdr.cpo_cdr.end_date_time)],
                  ['Energy', `${cdr.cpo_cdr.total_energy} kWh`],
                  ['Time', `${cdr.cpo_cdr.total_time} h`],
                  // What the CPO charges is the MSP's own business: null for a customer's roles.
                  ...(cdr.cpo_cdr.total_cost
                    ? ([
                        ['Cost excl. VAT', money(cdr.cpo_cdr.total_cost.excl_vat, cdr.cpo_cdr.currency)],
                        ['Cost incl. VAT', money(cdr.cpo_cdr.total_cost.incl_vat, cdr.cpo_cdr.currency)],
                      ] as [string, ReactNode][])
                    : []),
                  ['Received', instant(cdr.cpo_cdr.received_at)],
                ]}
              />
            </Card>
            <Card withBorder component="section" aria-labelledby="msp-cdr-heading">
              <Title order={2} size="h4" id="msp-cdr-heading" mb="sm">
                What the customer pays (MSP CDR {cdr.id})
              </Title>
              <Facts
                items={[
                  ['State', <AttentionBadge key="state" cdr={cdr} />],
                  ['Session', `${instant(cdr.session_start)} – ${instant(cdr.session_end)}`],
                  ['Total excl. VAT', money(cdr.total_excl_vat, cdr.currency)],
                  ['VAT', `${money(cdr.vat_amount, cdr.currency)} (${cdr.vat_percent} %${cdr.vat_country ? `, ${cdr.vat_country}` : ''})`],
                  ['Total incl. VAT', money(cdr.total_incl_vat, cdr.currency)],
                  ...(cdr.cpo_cost !== null
                    ? ([
                        ['CPO cost', money(cdr.cpo_cost, cdr.currency) + (cdr.exchange_rate ? ` (${money(cdr.cpo_cost_excl_vat, cdr.cpo_currency)} at ${cdr.exchange_rate})` : '')],
                        ['Margin', money(cdr.margin, cdr.currency)],
                        ['Cost audit', cdr.cost_audit ? `${cdr.cost_audit.discrepancy ? 'Discrepancy' : 'Consistent'}: recomputed ${money(cdr.cost_audit.recomputed_cost_excl_vat, cdr.cpo_currency)}, difference ${cdr.cost_audit.difference}` : '–'],
                      ] as [string, ReactNode][])
                    : []),
                  ['Plan version', cdr.plan_version_id ?? '–'],
                  ['Rated', instant(cdr.rated_at)],
                  ...(cdr.credit_of ? ([['Credit of', <Anchor key="credit" component={RouterLink} to={`/cdrs/${cdr.credit_of}`}>MSP CDR {cdr.credit_of}</Anchor>]] as [string, ReactNode][]) : []),
                ]}
              />
            </Card>
          </SimpleGrid>
          <Title order={2} size="h3">
            Lines
          </Title>
          {cdr.lines.length === 0 ? (
            <Text c="dimmed">No lines{cdr.needs_attention ? ' (not rated yet)' : ''}.</Text>
          ) : (
            <Table.ScrollContainer minWidth={640} type="native">
              <Table aria-label="Lines" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Description</Table.Th>
                    <Table.Th scope="col">Measured</Table.Th>
                    <Table.Th scope="col">Quantity</Table.Th>
                    <Table.Th scope="col">Unit price</Table.Th>
                    <Table.Th scope="col">Amount</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {cdr.lines.map((line, index) => (
                    <Table.Tr key={index}>
                      <Table.Td>{line.description || line.kind}</Table.Td>
                      <Table.Td>{line.measured} {line.unit}</Table.Td>
                      <Table.Td>{line.quantity} {line.unit}</Table.Td>
                      <Table.Td>{money(line.unit_price, cdr.currency)}</Table.Td>
                      <Table.Td>{money(line.amount, cdr.currency)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Title order={2} size="h3">
            Why it costs this
          </Title>
          <Code block style={{ whiteSpace: 'pre-wrap' }} aria-label="Explanation of the rating">
            {cdr.explanation || 'No explanation.'}
          </Code>
        </>
      )}
    </Stack>
  );
}
