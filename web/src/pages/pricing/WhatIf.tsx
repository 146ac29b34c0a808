// The what-if of a draft or version (POST /tariff-plan/what-if): every CDR whose session started in a
// period (at most 93 days) rated twice, storing nothing — with the plan as it is and with the chosen
// draft or version as if it had always been in force — and the revenue and margin both ways, in total,
// per location group and per business partner group.
import { NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { WhatIfReport, WhatIfTotals } from '../../api/types';
import { DataTable, type TableColumn } from '../../components/DataTable';
import { Facts } from '../../components/Facts';
import { FormCard } from '../../components/FormCard';
import { useFormErrors } from '../../components/problems';
import { dayStart, instant, money } from '../../format';
import { useSession } from '../../session';
import { planChoiceBody, usePlanChoices, usePricingBook } from './TariffPlan';

/** The longest period the API rates in one request. */
export const MAX_WHAT_IF_DAYS = 93;

export function WhatIf() {
  const { client } = useSession();
  const errors = useFormErrors();
  const choices = usePlanChoices();
  const [form, setForm] = useState({ choice: '', from: '', to: '' });
  const [report, setReport] = useState<{ answer: WhatIfReport; currency: string } | null>(null);
  const set = (name: keyof typeof form) => (event: { currentTarget: { value: string } }) => setForm({ ...form, [name]: event.currentTarget.value });

  const submit = async () => {
    setReport(null);
    const body = { from: dayStart(form.from), to: dayStart(form.to), ...planChoiceBody(form.choice) };
    const answer = await errors.submit(() => client.post<WhatIfReport>('/tariff-plan/what-if', body));
    // The answer's amounts are in the chosen draft's or version's currency (CDRs in another are counted apart).
    if (answer) setReport({ answer, currency: choices.find((choice) => choice.value === form.choice)?.currency ?? '' });
  };

  return (
    <Stack>
      <FormCard
        id="what-if"
        title="What-if re-rating"
        description={`Rates the CDRs of a period (at most ${MAX_WHAT_IF_DAYS} days) with the plan as it is and with a draft or version as if it had always been in force; nothing is stored.`}
        errors={errors}
        onSubmit={submit}
        submitLabel="Compare"
        problemTitle="No report"
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NativeSelect
            label="Compare with"
            required
            value={form.choice}
            onChange={set('choice')}
            error={errors.field('draft_id') ?? errors.field('version_id')}
            data={[{ value: '', label: 'Choose a draft or version…', disabled: true }, ...choices.map(({ value, label }) => ({ value, label }))]}
          />
          <TextInput label="Sessions from" type="date" required value={form.from} onChange={set('from')} error={errors.field('from')} description="Start date (UTC), inclusive" />
          <TextInput label="Sessions before" type="date" required value={form.to} onChange={set('to')} error={errors.field('to')} description="Start date (UTC), exclusive" />
        </SimpleGrid>
      </FormCard>
      {report && <WhatIfResult report={report.answer} currency={report.currency} />}
    </Stack>
  );
}

function WhatIfResult({ report, currency }: { report: WhatIfReport; currency: string }) {
  const book = usePricingBook();
  const amount = (value: string) => money(value, currency);
  const withName = <Row,>(name: (row: Row) => string): TableColumn<Row & WhatIfTotals>[] => [
    { header: 'Group', render: (row) => name(row) },
    { header: 'CDRs', render: (row) => row.cdrs },
    { header: 'Held now / with it', render: (row) => `${row.held_now} / ${row.held_draft}` },
    { header: 'Revenue now', render: (row) => amount(row.revenue_now) },
    { header: 'Revenue with it', render: (row) => amount(row.revenue_draft) },
    { header: 'Revenue difference', render: (row) => amount(row.revenue_difference) },
    { header: 'Margin now', render: (row) => amount(row.margin_now) },
    { header: 'Margin with it', render: (row) => amount(row.margin_draft) },
    { header: 'Margin difference', render: (row) => amount(row.margin_difference) },
  ];
  const locationGroup = (id: number) => book.locationGroups.find((group) => group.id === id)?.name ?? `Location group ${id}`;
  const partnerGroup = (id: number | null) => (id === null ? 'In no group' : book.partnerGroups.find((group) => group.id === id)?.name ?? `Partner group ${id}`);
  const total = report.total;
  return (
    <Stack component="section" aria-labelledby="what-if-report-heading">
      <Title order={2} size="h3" id="what-if-report-heading">
        What-if of {report.priced_with.kind} {report.priced_with.id}, {instant(report.from)} – {instant(report.to)}
      </Title>
      <Facts
        label="Totals"
        items={[
          ['CDRs', total.cdrs],
          ['Held now / with it', `${total.held_now} / ${total.held_draft}`],
          ['Revenue now', amount(total.revenue_now)],
          ['Revenue with it', amount(total.revenue_draft)],
          ['Revenue difference', amount(total.revenue_difference)],
          ['Margin now', amount(total.margin_now)],
          ['Margin with it', amount(total.margin_draft)],
          ['Margin difference', amount(total.margin_difference)],
          ['In another currency', `${report.other_currency} CDRs (in no sum)`],
        ]}
      />
      <Title order={3} size="h4">
        Per location group
      </Title>
      {report.by_location_group.length === 0 ? (
        <Text c="dimmed">No CDRs.</Text>
      ) : (
        <DataTable caption="Per location group" rows={report.by_location_group} rowKey={(row) => row.location_group_id} minWidth={960} columns={withName((row: { location_group_id: number }) => locationGroup(row.location_group_id))} />
      )}
      <Title order={3} size="h4">
        Per business partner group
      </Title>
      <Text size="sm" c="dimmed">
        A CDR counts in every group of its customer.
      </Text>
      {report.by_business_partner_group.length === 0 ? (
        <Text c="dimmed">No CDRs.</Text>
      ) : (
        <DataTable
          caption="Per business partner group"
          rows={report.by_business_partner_group}
          rowKey={(row) => row.business_partner_group_id ?? 'none'}
          minWidth={960}
          columns={withName((row: { business_partner_group_id: number | null }) => partnerGroup(row.business_partner_group_id))}
        />
      )}
    </Stack>
  );
}
