// Users: who may sign in, with their roles at units; create a user with a first role, give and take
// roles, disable a user.
import { Badge, Button, CloseButton, Group, NativeSelect, PasswordInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { User } from '../api/client';
import { ROLES, type OrganisationUnit } from '../api/types';
import { CursorList, type Column, type ListControls } from '../components/CursorList';
import { FormCard } from '../components/FormCard';
import { ProblemAlert, useFormErrors } from '../components/problems';
import { UnitSelect, unitFilter, useUnits, type Units } from '../components/units';
import { useCan, useSession } from '../session';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: role.replace('_', ' ') }));

export function UsersPage() {
  const can = useCan();
  const units = useUnits();
  const [reloadKey, setReloadKey] = useState(0);
  const manage = can('users.manage');
  const columns: Column<User>[] = [
    { header: 'Name', render: (user) => user.display_name },
    { header: 'E-mail', render: (user) => user.email },
    { header: 'Status', render: (user) => <Badge color={user.status === 'active' ? 'green' : 'gray'} variant="light">{user.status}</Badge> },
    { header: 'Roles', render: (user, list) => <Roles user={user} units={units} manage={manage} list={list} /> },
  ];
  return (
    <Stack>
      <Title order={1}>Users</Title>
      <CursorList<User>
        path="/users"
        caption="Users"
        columns={columns}
        rowKey={(user) => user.id}
        reloadKey={reloadKey}
        minWidth={820}
        emptyText="No users match these filters."
        filters={[
          { name: 'q', label: 'Search users', placeholder: 'Name or e-mail' },
          { name: 'status', label: 'Status', kind: 'select', options: [{ value: '', label: 'Any' }, { value: 'active', label: 'active' }, { value: 'disabled', label: 'disabled' }] },
          ...unitFilter(units.units),
        ]}
      />
      {manage && units.units.length > 0 && <CreateUser units={units.units} onCreated={() => setReloadKey((key) => key + 1)} />}
    </Stack>
  );
}

function Roles({ user, units, manage, list }: { user: User; units: Units; manage: boolean; list: ListControls<User> }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [adding, setAdding] = useState(false);
  const [role, setRole] = useState('viewer');
  const [unit, setUnit] = useState('');

  const reload = async () => list.replace(await client.get<User>(`/users/${user.id}`));
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const done = await errors.submit(async () => {
      await client.post(`/users/${user.id}/roles`, { role, organisation_unit_id: unit ? Number(unit) : null });
      await reload();
      return true;
    });
    if (done) setAdding(false);
  };
  const take = (assignment: User['assignments'][number]) =>
    void errors.submit(async () => {
      await client.delete(`/users/${user.id}/roles/${assignment.role}/${assignment.organisation_unit_id}`);
      await reload();
    });
  const disable = () => void errors.submit(async () => list.replace(await client.post<User>(`/users/${user.id}/disable`)));

  return (
    <Stack gap={4}>
      <Group gap={4}>
        {user.assignments.map((assignment) => (
          <Badge
            key={assignment.id}
            variant="outline"
            rightSection={
              manage ? <CloseButton size="xs" aria-label={`Take ${assignment.role} at ${units.name(assignment.organisation_unit_id)} from ${user.display_name}`} onClick={() => take(assignment)} /> : undefined
            }
          >
            {assignment.role} @ {units.name(assignment.organisation_unit_id)}
          </Badge>
        ))}
      </Group>
      {manage && !adding && (
        <Group gap={4}>
          <Button size="compact-xs" variant="subtle" onClick={() => setAdding(true)}>
            Give a role<span className="visually-hidden"> to {user.display_name}</span>
          </Button>
          {user.status === 'active' && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={disable}>
              Disable<span className="visually-hidden"> {user.display_name}</span>
            </Button>
          )}
        </Group>
      )}
      {adding && (
        <form onSubmit={(event) => void add(event)} aria-label={`Give ${user.display_name} a role`}>
          <Group gap="xs" align="flex-end">
            <NativeSelect size="xs" label="Role" value={role} onChange={(event) => setRole(event.currentTarget.value)} data={ROLE_OPTIONS} error={errors.field('role')} />
            <UnitSelect units={units.units} label="At unit" value={unit} onChange={setUnit} error={errors.field('organisation_unit_id')} />
            <Button type="submit" size="xs" loading={errors.busy}>
              Give role
            </Button>
            <Button size="xs" variant="default" onClick={() => { setAdding(false); errors.reset(); }}>
              Cancel
            </Button>
          </Group>
        </form>
      )}
      <ProblemAlert error={errors.error} title="Not changed" />
    </Stack>
  );
}

function CreateUser({ units, onCreated }: { units: OrganisationUnit[]; onCreated(): void }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [form, setForm] = useState({ email: '', display_name: '', password: '', role: 'viewer', organisation_unit_id: '' });
  const [created, setCreated] = useState<User | null>(null);
  const field = (name: keyof typeof form) => ({
    value: form[name],
    error: errors.field(name),
    onChange: (event: { currentTarget: { value: string } }) => setForm({ ...form, [name]: event.currentTarget.value }),
  });
  const submit = async () => {
    setCreated(null);
    const user = await errors.submit(() =>
      client.post<User>('/users', { ...form, email: form.email.trim(), display_name: form.display_name.trim(), organisation_unit_id: form.organisation_unit_id ? Number(form.organisation_unit_id) : null }),
    );
    if (user) {
      setCreated(user);
      setForm({ ...form, email: '', display_name: '', password: '' });
      onCreated();
    }
  };
  return (
    <FormCard id="create-user" title="Create a user" errors={errors} onSubmit={submit} submitLabel="Create user" problemTitle="Not created" status={created && `Created ${created.display_name} (${created.email}).`}>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        <TextInput label="E-mail address" type="email" required {...field('email')} />
        <TextInput label="Display name" required {...field('display_name')} />
        <PasswordInput label="First password" required description="At least 12 characters; the user changes it" {...field('password')} />
        <NativeSelect label="Role" data={ROLE_OPTIONS} {...field('role')} />
        <UnitSelect units={units} label="At unit" required value={form.organisation_unit_id} onChange={(value) => setForm({ ...form, organisation_unit_id: value })} error={errors.field('organisation_unit_id')} />
      </SimpleGrid>
    </FormCard>
  );
}
