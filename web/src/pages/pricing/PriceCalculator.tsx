// The price calculator: what a customer would pay at a connector for so many kWh and/or minutes, rated by
// the engine that rates CDRs (POST /price-preview), with the lines and the explanation; against the
// version in force, a version or a draft.
import { Alert, Card, Code, List, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { decimalForRequest } from '../../api/decimal';
import type { Location, Page, PricePreview, Profile } from '../../api/types';
import { FormCard } from '../../components/FormCard';
import { useFormErrors } from '../../components/problems';
import { instant, money } from '../../format';
import { useSession } from '../../session';
import { planChoiceBody, usePlanChoices } from './TariffPlan';

export function PriceCalculator() {
  const { client } = useSession();
  const errors = useFormErrors();
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [locations, setLocations] = useState<Location[]>([]);
  const versions = usePlanChoices();
  const [form, setForm] = useState({ profile_id: '', location_id: '', evse_uid: '', connector_id: '', energy_kwh: '', charging_minutes: '', parking_minutes: '', start: '', priced_with: '' });
  const [answer, setAnswer] = useState<PricePreview | null>(null);

  useEffect(() => {
    client.get<Page<Profile>>('/profiles').then((page) => setProfiles(page.items), errors.fail);
    client.get<Page<Location>>('/locations').then((page) => setLocations(page.items), errors.fail);
  }, [client]); // errors.fail is stable

  const location = locations.find((candidate) => String(candidate.id) === form.location_id);
  const evse = location?.evses.find((candidate) => candidate.uid === form.evse_uid);
  const set = (name: keyof typeof form) => (event: { currentTarget: { value: string } }) => setForm({ ...form, [name]: event.currentTarget.value });

  const submit = async () => {
    setAnswer(null);
    const body: Record<string, unknown> = {
      profile_id: form.profile_id ? Number(form.profile_id) : undefined,
      location_id: form.location_id ? Number(form.location_id) : null,
      evse_uid: form.evse_uid,
      connector_id: form.connector_id,
    };
    if (form.energy_kwh.trim()) body.energy_kwh = decimalForRequest(form.energy_kwh);
    for (const name of ['charging_minutes', 'parking_minutes'] as const) {
      if (form[name].trim()) body[name] = /^\d+$/.test(form[name].trim()) ? Number(form[name].trim()) : form[name];
    }
    if (form.start) body.start = new Date(form.start).toISOString().replace(/\.\d{3}Z$/, 'Z');
    Object.assign(body, planChoiceBody(form.priced_with));
    const priced = await errors.submit(() => client.post<PricePreview>('/price-preview', body));
    if (priced) setAnswer(priced);
  };

  return (
    <Stack>
      <FormCard id="calculator" title="Price calculator" errors={errors} onSubmit={submit} submitLabel="Calculate" problemTitle="No price">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <NativeSelect label="Customer (profile)" required value={form.profile_id} onChange={set('profile_id')} error={errors.field('profile_id')} data={[{ value: '', label: 'Choose…', disabled: true }, ...profiles.map((profile) => ({ value: String(profile.id), label: profile.name }))]} />
          <NativeSelect
            label="Location"
            required
            value={form.location_id}
            onChange={(event) => setForm({ ...form, location_id: event.currentTarget.value, evse_uid: '', connector_id: '' })}
            error={errors.field('location_id')}
            data={[{ value: '', label: 'Choose…', disabled: true }, ...locations.map((candidate) => ({ value: String(candidate.id), label: `${candidate.name ?? candidate.location_id}, ${candidate.city}` }))]}
          />
          <NativeSelect
            label="EVSE"
            required
            value={form.evse_uid}
            onChange={(event) => setForm({ ...form, evse_uid: event.currentTarget.value, connector_id: '' })}
            error={errors.field('evse_uid')}
            data={[{ value: '', label: 'Choose…', disabled: true }, ...(location?.evses ?? []).map((candidate) => ({ value: candidate.uid, label: candidate.evse_id ?? candidate.uid }))]}
          />
          <NativeSelect
            label="Connector"
            required
            value={form.connector_id}
            onChange={set('connector_id')}
            error={errors.field('connector_id')}
            data={[{ value: '', label: 'Choose…', disabled: true }, ...(evse?.connectors ?? []).map((connector) => ({ value: connector.id, label: `${connector.id}: ${connector.power_type}, ${connector.max_power_kw} kW` }))]}
          />
          <TextInput label="Energy (kWh)" value={form.energy_kwh} onChange={set('energy_kwh')} error={errors.field('energy_kwh')} />
          <TextInput label="Charging minutes" value={form.charging_minutes} onChange={set('charging_minutes')} error={errors.field('charging_minutes')} />
          <TextInput label="Parking minutes" value={form.parking_minutes} onChange={set('parking_minutes')} error={errors.field('parking_minutes')} description="After charging ended" />
          <TextInput label="Start" type="datetime-local" value={form.start} onChange={set('start')} error={errors.field('start')} description="Empty: now" />
          <NativeSelect label="Price with" value={form.priced_with} onChange={set('priced_with')} error={errors.field('version_id') ?? errors.field('draft_id')} data={[{ value: '', label: 'The version in force' }, ...versions]} />
        </SimpleGrid>
      </FormCard>
      {answer && <PreviewAnswer answer={answer} />}
    </Stack>
  );
}

function PreviewAnswer({ answer }: { answer: PricePreview }) {
  const priced = answer.priced_with.kind === 'in_force' ? 'the version in force' : `${answer.priced_with.kind} ${answer.priced_with.id}`;
  return (
    <Card withBorder component="section" aria-labelledby="price-heading">
      <Title order={2} size="h3" id="price-heading" mb="xs">
        {answer.priced ? `${money(answer.total_incl_vat, answer.currency)} incl. VAT` : 'Not priced'}
      </Title>
      {answer.attention && (
        <Alert color="orange" title={answer.attention} mb="sm">
          {answer.attention_detail}
        </Alert>
      )}
      <Text size="sm" c="dimmed" mb="xs">
        Priced with {priced}, {instant(answer.session_start)} – {instant(answer.session_end)}: {String(answer.energy_kwh)} kWh, {answer.charging_minutes} min charging, {answer.parking_minutes} min parking.
        {!answer.complete && ' Not complete: see what is not included.'}
      </Text>
      {answer.lines.length > 0 && (
        <Table.ScrollContainer minWidth={560} type="native">
          <Table aria-label="Price lines" striped>
            <Table.Thead>
              <Table.Tr>
                {['Line', 'Quantity', 'Unit price', 'Amount'].map((header) => (
                  <Table.Th key={header} scope="col">
                    {header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {answer.lines.map((line, index) => (
                <Table.Tr key={index}>
                  <Table.Td>{line.description || line.kind}</Table.Td>
                  <Table.Td>
                    {String(line.quantity)} {line.unit}
                  </Table.Td>
                  <Table.Td>{money(line.unit_price, answer.currency)}</Table.Td>
                  <Table.Td>{money(line.amount, answer.currency)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th scope="row" colSpan={3}>
                  Total excl. VAT
                </Table.Th>
                <Table.Td>{money(answer.total_excl_vat, answer.currency)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row" colSpan={3}>
                  VAT {String(answer.vat_percent)} %
                </Table.Th>
                <Table.Td>{money(answer.vat_amount, answer.currency)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row" colSpan={3}>
                  Total incl. VAT
                </Table.Th>
                <Table.Td>{money(answer.total_incl_vat, answer.currency)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {answer.not_included.length > 0 && (
        <>
          <Text size="sm" mt="sm">
            Not included
          </Text>
          <List size="sm">
            {answer.not_included.map((item) => (
              <List.Item key={item.rule_id}>{item.detail}</List.Item>
            ))}
          </List>
        </>
      )}
      {answer.assumptions.length > 0 && (
        <>
          <Text size="sm" mt="sm">
            Assumptions
          </Text>
          <List size="sm">
            {answer.assumptions.map((assumption) => (
              <List.Item key={assumption}>{assumption}</List.Item>
            ))}
          </List>
        </>
      )}
      <Text size="sm" mt="sm">
        Why
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap' }}>
        {answer.explanation}
      </Code>
    </Card>
  );
}
