// Tariff codes: what a price rule bills (per kWh, hour, minute, session, idle time after a grace period,
// a multiple of the CPO's cost); codes never change once created.
import { NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { decimalForRequest } from '../../api/decimal';
import { TARIFF_CODE_KINDS, TARIFF_UNITS, type TariffCode } from '../../api/types';
import { CursorList, type Column } from '../../components/CursorList';
import { FormCard } from '../../components/FormCard';
import { useFormErrors } from '../../components/problems';
import { useCan, useSession } from '../../session';

const COLUMNS: Column<TariffCode>[] = [
  { header: 'Code', render: (code) => <Text ff="monospace" size="sm">{code.code}</Text> },
  { header: 'Kind', render: (code) => code.kind },
  { header: 'Unit', render: (code) => code.unit },
  { header: 'Step', render: (code) => String(code.step_size) },
  { header: 'Free units', render: (code) => String(code.free_units) },
  { header: 'Grace (min)', render: (code) => code.grace_period_minutes },
  { header: 'Description', render: (code) => code.description || '–' },
];

export function TariffCodes() {
  const can = useCan();
  const [reloadKey, setReloadKey] = useState(0);
  return (
    <Stack>
      <CursorList<TariffCode> path="/tariff-codes" caption="Tariff codes" columns={COLUMNS} rowKey={(code) => code.id} reloadKey={reloadKey} emptyText="No tariff codes yet." />
      {can('pricing.manage') && <CreateTariffCode onCreated={() => setReloadKey((key) => key + 1)} />}
    </Stack>
  );
}

function CreateTariffCode({ onCreated }: { onCreated(): void }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [form, setForm] = useState({ code: '', kind: 'ENERGY', unit: 'KWH', step_size: '1', free_units: '', grace_period_minutes: '', description: '' });
  const [created, setCreated] = useState<TariffCode | null>(null);
  const input = (name: keyof typeof form) => ({
    value: form[name],
    error: errors.field(name === 'grace_period_minutes' ? 'grace_period' : name) ?? errors.field(name),
    onChange: (event: { currentTarget: { value: string } }) => setForm({ ...form, [name]: event.currentTarget.value }),
  });
  const submit = async () => {
    setCreated(null);
    const body: Record<string, unknown> = { code: form.code.trim(), kind: form.kind, unit: form.unit, step_size: decimalForRequest(form.step_size), description: form.description.trim() };
    if (form.free_units.trim()) body.free_units = decimalForRequest(form.free_units);
    if (form.grace_period_minutes.trim()) body.grace_period_minutes = /^\d+$/.test(form.grace_period_minutes.trim()) ? Number(form.grace_period_minutes) : form.grace_period_minutes;
    const code = await errors.submit(() => client.post<TariffCode>('/tariff-codes', body));
    if (code) {
      setCreated(code);
      onCreated();
    }
  };
  return (
    <FormCard id="create-code" title="Create a tariff code" errors={errors} onSubmit={submit} submitLabel="Create code" problemTitle="Not created" status={created && `Created ${created.code}.`}>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
        <TextInput label="Code" required {...input('code')} description="Letters, digits, - _ ." />
        <NativeSelect label="Kind" data={[...TARIFF_CODE_KINDS]} {...input('kind')} />
        <NativeSelect label="Unit" data={[...TARIFF_UNITS]} {...input('unit')} />
        <TextInput label="Step size" required {...input('step_size')} description="Billed in steps of this many units" />
        <TextInput label="Free units" {...input('free_units')} />
        <TextInput label="Grace period (minutes)" {...input('grace_period_minutes')} description="PARKING_TIME only" />
        <TextInput label="Description" {...input('description')} />
      </SimpleGrid>
    </FormCard>
  );
}
