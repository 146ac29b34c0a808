// Business partner groups: named sets of organisation units (customers) a price rule can be limited to;
// a customer belongs to every group of its unit or the unit's ancestors.
import { Button, Checkbox, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { BusinessPartnerGroup } from '../../api/types';
import { CursorList, type Column } from '../../components/CursorList';
import { FormCard } from '../../components/FormCard';
import { useFormErrors } from '../../components/problems';
import { unitTree, useUnits, type Units } from '../../components/units';
import { useCan, useSession } from '../../session';

interface Draft {
  id: number | null;
  name: string;
  units: string[];
}

export function PartnerGroups() {
  const can = useCan();
  const manage = can('pricing.manage');
  const units = useUnits();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const columns: Column<BusinessPartnerGroup>[] = [
    { header: 'Name', render: (group) => group.name },
    { header: 'Units', render: (group) => group.units.map((id) => units.name(id)).join(', ') || '–' },
    ...(manage
      ? [
          {
            header: 'Actions',
            render: (group: BusinessPartnerGroup) => (
              <Button size="compact-xs" variant="light" onClick={() => setEditing({ id: group.id, name: group.name, units: group.units.map(String) })}>
                Edit<span className="visually-hidden"> {group.name}</span>
              </Button>
            ),
          },
        ]
      : []),
  ];
  const done = (message: string | null) => {
    setEditing(null);
    setNote(message);
    setReloadKey((key) => key + 1);
  };
  return (
    <Stack>
      <CursorList<BusinessPartnerGroup>
        path="/business-partner-groups"
        caption="Business partner groups"
        columns={columns}
        rowKey={(group) => group.id}
        reloadKey={reloadKey}
        minWidth={560}
        emptyText="No business partner groups yet."
      />
      {note && (
        <Text role="status" size="sm">
          {note}
        </Text>
      )}
      {manage && !editing && (
        <div>
          <Button variant="default" onClick={() => setEditing({ id: null, name: '', units: [] })}>
            New business partner group
          </Button>
        </div>
      )}
      {editing && <PartnerGroupEditor key={editing.id ?? 'new'} initial={editing} units={units} onDone={done} />}
    </Stack>
  );
}

function PartnerGroupEditor({ initial, units, onDone }: { initial: Draft; units: Units; onDone(message: string | null): void }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [draft, setDraft] = useState(initial);
  const save = async () => {
    const body = { name: draft.name.trim(), units: draft.units.map(Number) };
    const stored = await errors.submit(() =>
      draft.id === null ? client.post<BusinessPartnerGroup>('/business-partner-groups', body) : client.put<BusinessPartnerGroup>(`/business-partner-groups/${draft.id}`, body),
    );
    if (stored) onDone(`${draft.id === null ? 'Created' : 'Saved'} ${stored.name}.`);
  };
  const remove = async () => {
    const removed = await errors.submit(async () => {
      await client.delete(`/business-partner-groups/${draft.id}`);
      return true;
    });
    if (removed) onDone(`Deleted ${initial.name}.`);
  };
  return (
    <FormCard
      id="partner-group-editor"
      title={draft.id === null ? 'New business partner group' : `Business partner group ${initial.name}`}
      errors={errors}
      onSubmit={save}
      submitLabel={draft.id === null ? 'Create group' : 'Save group'}
      actions={
        <>
          {draft.id !== null && (
            <Button color="red" variant="light" onClick={() => void remove()}>
              Delete group
            </Button>
          )}
          <Button variant="default" onClick={() => onDone(null)}>
            Close
          </Button>
        </>
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Name" required value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} error={errors.field('name')} />
        <Checkbox.Group label="Units" description="Customers in these units (and below them) are in the group" value={draft.units} onChange={(value) => setDraft({ ...draft, units: value })} error={errors.field('units')}>
          <Stack gap={4} mt={4}>
            {unitTree(units.units).map(({ unit, depth }) => (
              <Checkbox key={unit.id} value={String(unit.id)} label={unit.name} ml={`${depth * 1.25}rem`} />
            ))}
          </Stack>
        </Checkbox.Group>
      </SimpleGrid>
    </FormCard>
  );
}
