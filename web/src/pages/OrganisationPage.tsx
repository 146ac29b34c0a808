// Organisation: the unit tree (create a unit below another, rename one) and the profiles of drivers and
// vehicles in it (list, create).
import { Box, Button, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { OrganisationUnit, Profile } from '../api/types';
import { CursorList, type Column } from '../components/CursorList';
import { FormCard } from '../components/FormCard';
import { ProblemAlert, useFormErrors } from '../components/problems';
import { UnitSelect, unitFilter, unitTree, useUnits, type Units } from '../components/units';
import { instant } from '../format';
import { useCan, useSession } from '../session';

export function OrganisationPage() {
  const can = useCan();
  const units = useUnits();
  const [profilesReload, setProfilesReload] = useState(0);
  return (
    <Stack>
      <Title order={1}>Organisation</Title>
      {can('organisation_units.read') && <UnitTree units={units} />}
      {can('organisation_units.manage') && units.units.length > 0 && <CreateUnit units={units} />}
      {can('profiles.read') && <Profiles units={units} reloadKey={profilesReload} />}
      {can('profiles.manage') && units.units.length > 0 && <CreateProfile units={units.units} onCreated={() => setProfilesReload((key) => key + 1)} />}
    </Stack>
  );
}

function UnitTree({ units }: { units: Units }) {
  const can = useCan();
  const ordered = unitTree(units.units);
  return (
    <Card withBorder component="section" aria-labelledby="units-heading">
      <Title order={2} size="h3" id="units-heading" mb="sm">
        Organisation units
      </Title>
      <ProblemAlert error={units.error} />
      {ordered.length === 0 && !units.error && <Text c="dimmed">Loading…</Text>}
      <Box component="ul" aria-label="Organisation unit tree" p={0} m={0} style={{ listStyle: 'none' }}>
        {ordered.map(({ unit, depth }) => (
          <Box component="li" key={unit.id} pl={`${depth * 1.25}rem`} py={4} style={{ borderLeft: depth ? '2px solid var(--mantine-color-gray-3)' : undefined }}>
            <UnitRow unit={unit} mayRename={can('organisation_units.manage')} onRenamed={units.reload} />
          </Box>
        ))}
      </Box>
    </Card>
  );
}

function UnitRow({ unit, mayRename, onRenamed }: { unit: OrganisationUnit; mayRename: boolean; onRenamed(): void }) {
  const { client } = useSession();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(unit.name);
  const errors = useFormErrors();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (await errors.submit(() => client.patch<OrganisationUnit>(`/organisation-units/${unit.id}`, { name: name.trim() }))) {
      setEditing(false);
      onRenamed();
    }
  };
  if (editing) {
    return (
      <form onSubmit={(event) => void save(event)}>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput label={`New name of ${unit.name}`} value={name} onChange={(event) => setName(event.currentTarget.value)} error={errors.field('name')} data-autofocus autoFocus />
          <Button type="submit" size="xs" loading={errors.busy}>
            Save
          </Button>
          <Button size="xs" variant="default" onClick={() => { setEditing(false); setName(unit.name); errors.reset(); }}>
            Cancel
          </Button>
        </Group>
        <ProblemAlert error={errors.error} title="Not renamed" />
      </form>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm">
        {unit.name} <Text span c="dimmed" size="xs">#{unit.id}</Text>
      </Text>
      {mayRename && (
        <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)}>
          Rename<span className="visually-hidden"> {unit.name}</span>
        </Button>
      )}
    </Group>
  );
}

function CreateUnit({ units }: { units: Units }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [parent, setParent] = useState('');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<OrganisationUnit | null>(null);
  const submit = async () => {
    setCreated(null);
    const unit = await errors.submit(() => client.post<OrganisationUnit>('/organisation-units', { parent_id: parent ? Number(parent) : null, name: name.trim() }));
    if (unit) {
      setCreated(unit);
      setName('');
      units.reload();
    }
  };
  return (
    <FormCard id="create-unit" title="Create a unit" errors={errors} onSubmit={submit} submitLabel="Create unit" problemTitle="Not created" status={created && `Created ${created.name} (#${created.id}).`}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <UnitSelect units={units.units} label="Parent unit" required value={parent} onChange={setParent} error={errors.field('parent_id')} />
        <TextInput label="Name" required value={name} onChange={(event) => setName(event.currentTarget.value)} error={errors.field('name')} />
      </SimpleGrid>
    </FormCard>
  );
}

function Profiles({ units, reloadKey }: { units: Units; reloadKey: number }) {
  const columns: Column<Profile>[] = [
    { header: 'Name', render: (profile) => profile.name },
    { header: 'Kind', render: (profile) => profile.kind },
    { header: 'Unit', render: (profile) => units.name(profile.organisation_unit_id) },
    { header: 'E-mail', render: (profile) => profile.email || '–' },
    { header: 'Prices', render: (profile) => (profile.prices_hidden ? 'hidden from the driver' : 'shown') },
    { header: 'Created', render: (profile) => instant(profile.created_at) },
  ];
  return (
    <Card withBorder component="section" aria-labelledby="profiles-heading">
      <Title order={2} size="h3" id="profiles-heading" mb="sm">
        Profiles
      </Title>
      <CursorList<Profile>
        path="/profiles"
        caption="Profiles"
        columns={columns}
        rowKey={(profile) => profile.id}
        reloadKey={reloadKey}
        emptyText="No profiles match these filters."
        filters={[
          { name: 'q', label: 'Search profiles', placeholder: 'Name or e-mail' },
          ...unitFilter(units.units),
        ]}
      />
    </Card>
  );
}

function CreateProfile({ units, onCreated }: { units: OrganisationUnit[]; onCreated(): void }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [form, setForm] = useState({ organisation_unit_id: '', name: '', kind: 'driver', email: '', prices_hidden: false });
  const [created, setCreated] = useState<Profile | null>(null);
  const submit = async () => {
    setCreated(null);
    const body: Record<string, unknown> = {
      organisation_unit_id: form.organisation_unit_id ? Number(form.organisation_unit_id) : null,
      name: form.name.trim(),
      kind: form.kind,
      prices_hidden: form.prices_hidden,
    };
    if (form.email.trim()) body.email = form.email.trim();
    const profile = await errors.submit(() => client.post<Profile>('/profiles', body));
    if (profile) {
      setCreated(profile);
      setForm((earlier) => ({ ...earlier, name: '', email: '' }));
      onCreated();
    }
  };
  return (
    <FormCard id="create-profile" title="Create a profile" errors={errors} onSubmit={submit} submitLabel="Create profile" problemTitle="Not created" status={created && `Created the profile ${created.name} (#${created.id}).`}>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        <UnitSelect units={units} label="Unit" required value={form.organisation_unit_id} onChange={(value) => setForm({ ...form, organisation_unit_id: value })} error={errors.field('organisation_unit_id')} />
        <TextInput label="Profile name" required value={form.name} onChange={(event) => setForm({ ...form, name: event.currentTarget.value })} error={errors.field('name')} />
        <NativeSelect label="Kind" value={form.kind} onChange={(event) => setForm({ ...form, kind: event.currentTarget.value })} error={errors.field('kind')} data={[{ value: 'driver', label: 'Driver' }, { value: 'vehicle', label: 'Vehicle' }]} />
        <TextInput label="E-mail" type="email" value={form.email} onChange={(event) => setForm({ ...form, email: event.currentTarget.value })} error={errors.field('email')} />
        <Checkbox label="Hide prices from the driver" checked={form.prices_hidden} onChange={(event) => setForm({ ...form, prices_hidden: event.currentTarget.checked })} mt="lg" />
      </SimpleGrid>
    </FormCard>
  );
}
