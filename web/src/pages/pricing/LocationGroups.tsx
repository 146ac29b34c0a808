// Location groups: which connectors a price rule's group covers. The editor previews its membership as
// the criteria are edited (POST …/preview, debounced): how many connectors would join and leave, and
// from which group to which, before anything is stored.
import { Alert, Button, Checkbox, Group, List, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { decimalForRequest } from '../../api/decimal';
import { POWER_TYPES, type ConnectorMove, type LocationGroup, type LocationGroupPreview } from '../../api/types';
import { CursorList, type Column } from '../../components/CursorList';
import { FormCard } from '../../components/FormCard';
import { ProblemAlert, reasonsFor, useFormErrors } from '../../components/problems';
import { useCan, useSession } from '../../session';

const ACCESSIBILITIES = ['PUBLIC', 'SEMI_PRIVATE', 'PRIVATE'] as const;

/** How long the editor waits after the last keystroke before asking for a preview (ms); tests shorten it. */
export const previewDelay = { ms: 400 };

interface Draft {
  id: number | null;
  name: string;
  priority: string;
  countries: string;
  parties: string;
  power_types: string[];
  min_power_kw: string;
  max_power_kw: string;
  accessibilities: string[];
  locations: string;
  evse_ids: string;
}

const EMPTY: Draft = { id: null, name: '', priority: '10', countries: '', parties: '', power_types: [], min_power_kw: '', max_power_kw: '', accessibilities: [], locations: '', evse_ids: '' };

function listOf(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function draftOf(group: LocationGroup): Draft {
  const c = group.criteria;
  return {
    id: group.id,
    name: group.name,
    priority: String(group.priority),
    countries: c.countries.join(', '),
    parties: c.parties.join(', '),
    power_types: c.power_types,
    min_power_kw: c.min_power_kw === null ? '' : String(c.min_power_kw),
    max_power_kw: c.max_power_kw === null ? '' : String(c.max_power_kw),
    accessibilities: c.accessibilities,
    locations: c.locations.join(', '),
    evse_ids: c.evse_ids.join(', '),
  };
}

/** The request body of a draft: criteria left empty are absent (no restriction). */
function bodyOf(draft: Draft, name = draft.name.trim()) {
  const criteria: Record<string, unknown> = {};
  if (listOf(draft.countries).length) criteria.countries = listOf(draft.countries).map((country) => country.toUpperCase());
  if (listOf(draft.parties).length) criteria.parties = listOf(draft.parties).map((party) => party.toUpperCase());
  if (draft.power_types.length) criteria.power_types = draft.power_types;
  if (draft.min_power_kw.trim()) criteria.min_power_kw = decimalForRequest(draft.min_power_kw);
  if (draft.max_power_kw.trim()) criteria.max_power_kw = decimalForRequest(draft.max_power_kw);
  if (draft.accessibilities.length) criteria.accessibilities = draft.accessibilities;
  if (listOf(draft.locations).length) criteria.locations = listOf(draft.locations).map((id) => (/^\d+$/.test(id) ? Number(id) : id));
  if (listOf(draft.evse_ids).length) criteria.evse_ids = listOf(draft.evse_ids);
  return { name, priority: /^-?\d+$/.test(draft.priority.trim()) ? Number(draft.priority.trim()) : draft.priority, criteria };
}

export function LocationGroups() {
  const can = useCan();
  const manage = can('pricing.manage');
  const [editing, setEditing] = useState<Draft | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const columns: Column<LocationGroup>[] = [
    { header: 'Name', render: (group) => group.name },
    { header: 'Priority', render: (group) => group.priority },
    { header: 'Criteria', render: (group) => summary(group) },
    {
      header: 'Actions',
      render: (group) =>
        group.is_default ? (
          <Text size="xs" c="dimmed">
            every connector no other group takes
          </Text>
        ) : (
          <Button size="compact-xs" variant="light" onClick={() => setEditing(draftOf(group))}>
            {manage ? 'Edit' : 'Preview'}
            <span className="visually-hidden"> {group.name}</span>
          </Button>
        ),
    },
  ];
  return (
    <Stack>
      <CursorList<LocationGroup> path="/location-groups" caption="Location groups" columns={columns} rowKey={(group) => group.id} reloadKey={reloadKey} emptyText="No location groups yet." />
      <Group>
        <Button variant="default" onClick={() => setEditing({ ...EMPTY })}>
          {manage ? 'New location group' : 'Try criteria'}
        </Button>
      </Group>
      {editing && (
        <GroupEditor
          key={editing.id ?? 'new'}
          initial={editing}
          mayStore={manage}
          onDone={() => {
            setEditing(null);
            setReloadKey((key) => key + 1);
          }}
        />
      )}
    </Stack>
  );
}

function summary(group: LocationGroup): string {
  const c = group.criteria;
  const parts = [
    c.countries.length ? `countries ${c.countries.join(', ')}` : '',
    c.parties.length ? `CPOs ${c.parties.join(', ')}` : '',
    c.power_types.length ? c.power_types.join(', ') : '',
    c.min_power_kw !== null ? `≥ ${c.min_power_kw} kW` : '',
    c.max_power_kw !== null ? `≤ ${c.max_power_kw} kW` : '',
    c.accessibilities.length ? c.accessibilities.join(', ') : '',
    c.locations.length ? `${c.locations.length} locations` : '',
    c.evse_ids.length ? `${c.evse_ids.length} EVSEs` : '',
  ].filter(Boolean);
  return parts.join('; ') || (group.is_default ? '–' : 'every connector');
}

function GroupEditor({ initial, mayStore, onDone }: { initial: Draft; mayStore: boolean; onDone(): void }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [draft, setDraft] = useState(initial);
  const [preview, setPreview] = useState<LocationGroupPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  // The preview needs a name like a stored group; an unnamed draft is previewed as "(new group)".
  const request = useMemo(() => JSON.stringify(bodyOf(draft, draft.name.trim() || '(new group)')), [draft]);
  const [debounced] = useDebouncedValue(request, previewDelay.ms);

  useEffect(() => {
    let current = true;
    setPreviewing(true);
    const path = draft.id === null ? '/location-groups/preview' : `/location-groups/${draft.id}/preview`;
    client.post<LocationGroupPreview>(path, JSON.parse(debounced)).then(
      (answer) => {
        if (!current) return;
        setPreview(answer);
        setPreviewError(null);
        setPreviewing(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setPreview(null);
        setPreviewError(failure);
        setPreviewing(false);
      },
    );
    return () => {
      current = false;
    };
  }, [client, debounced, draft.id]);

  const set = (name: keyof Draft) => (value: string | string[]) => setDraft((earlier) => ({ ...earlier, [name]: value }));
  const fieldError = (name: string) => errors.field(name) ?? reasonsFor(previewError, name);

  const save = async () => {
    const body = bodyOf(draft);
    const saved = await errors.submit(() => (draft.id === null ? client.post<LocationGroup>('/location-groups', body) : client.put<LocationGroup>(`/location-groups/${draft.id}`, body)));
    if (saved) onDone();
  };
  const remove = async () => {
    if (draft.id === null) return;
    const removed = await errors.submit(async () => {
      await client.delete(`/location-groups/${draft.id}`);
      return true;
    });
    if (removed) onDone();
  };

  return (
    <FormCard
      id="group-editor"
      title={draft.id === null ? 'New location group' : `Location group ${initial.name}`}
      errors={errors}
      onSubmit={save}
      submitLabel={mayStore ? (draft.id === null ? 'Create group' : 'Save group') : undefined}
      actions={
        <>
          {mayStore && draft.id !== null && (
            <Button color="red" variant="light" onClick={() => void remove()}>
              Delete group
            </Button>
          )}
          <Button variant="default" onClick={onDone}>
            Close
          </Button>
        </>
      }
      after={
        <section aria-labelledby="preview-heading" aria-busy={previewing}>
          <Title order={3} size="h5" id="preview-heading">
            Membership preview
          </Title>
          <ProblemAlert error={previewError} title="No preview for these criteria" />
          {preview && <PreviewResult preview={preview} />}
        </section>
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        <TextInput label="Name" required value={draft.name} onChange={(event) => set('name')(event.currentTarget.value)} error={fieldError('name')} />
        <TextInput label="Priority" required value={draft.priority} onChange={(event) => set('priority')(event.currentTarget.value)} error={fieldError('priority')} description="Lower wins when groups overlap" />
        <TextInput label="Countries" value={draft.countries} onChange={(event) => set('countries')(event.currentTarget.value)} error={fieldError('criteria.countries')} description="ISO alpha-3, comma-separated: NLD, BEL" />
        <TextInput label="CPOs" value={draft.parties} onChange={(event) => set('parties')(event.currentTarget.value)} error={fieldError('criteria.parties')} description="Comma-separated: NL-TNM, DE-ION" />
        <TextInput label="Minimum power (kW)" value={draft.min_power_kw} onChange={(event) => set('min_power_kw')(event.currentTarget.value)} error={fieldError('criteria.min_power_kw')} />
        <TextInput label="Maximum power (kW)" value={draft.max_power_kw} onChange={(event) => set('max_power_kw')(event.currentTarget.value)} error={fieldError('criteria.max_power_kw')} />
        <TextInput label="Location ids" value={draft.locations} onChange={(event) => set('locations')(event.currentTarget.value)} error={fieldError('criteria.locations')} description="As the location list shows them, comma-separated" />
        <TextInput label="EVSE ids" value={draft.evse_ids} onChange={(event) => set('evse_ids')(event.currentTarget.value)} error={fieldError('criteria.evse_ids')} description="Comma-separated: NL*TNM*E000001" />
        <Checkbox.Group label="Power types" value={draft.power_types} onChange={set('power_types')} error={fieldError('criteria.power_types')}>
          <Group gap="sm" mt={4}>
            {POWER_TYPES.map((type) => (
              <Checkbox key={type} value={type} label={type} />
            ))}
          </Group>
        </Checkbox.Group>
        <Checkbox.Group label="Accessibility" value={draft.accessibilities} onChange={set('accessibilities')} error={fieldError('criteria.accessibilities')}>
          <Group gap="sm" mt={4}>
            {ACCESSIBILITIES.map((type) => (
              <Checkbox key={type} value={type} label={type} />
            ))}
          </Group>
        </Checkbox.Group>
      </SimpleGrid>
    </FormCard>
  );
}

function describeMove(move: ConnectorMove): string {
  const group = (id: number | null) => (id === null ? 'this group' : `group ${id}`);
  return `${move.cpo} ${move.location_id} / ${move.evse_id ?? move.evse_uid} / ${move.connector_id}: ${group(move.from)} → ${group(move.to)}`;
}

function PreviewResult({ preview }: { preview: LocationGroupPreview }) {
  return (
    <Alert color="blue" role="status" title={`${preview.joining_count} connector${preview.joining_count === 1 ? '' : 's'} would join, ${preview.leaving_count} would leave`}>
      {preview.joining.length > 0 && (
        <>
          <Text size="sm">Joining</Text>
          <List size="xs">
            {preview.joining.slice(0, 10).map((move) => (
              <List.Item key={`${move.location}/${move.evse_uid}/${move.connector_id}`}>{describeMove(move)}</List.Item>
            ))}
          </List>
          {preview.joining_count > 10 && <Text size="xs">… and {preview.joining_count - 10} more</Text>}
        </>
      )}
      {preview.leaving.length > 0 && (
        <>
          <Text size="sm" mt="xs">
            Leaving
          </Text>
          <List size="xs">
            {preview.leaving.slice(0, 10).map((move) => (
              <List.Item key={`${move.location}/${move.evse_uid}/${move.connector_id}`}>{describeMove(move)}</List.Item>
            ))}
          </List>
          {preview.leaving_count > 10 && <Text size="xs">… and {preview.leaving_count - 10} more</Text>}
        </>
      )}
    </Alert>
  );
}
