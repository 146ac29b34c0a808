// The tariff plan: its versions (each in force, scheduled or past; a version never changes) and drafts,
// edited with the errors shown on the input the API names (`rules[3].unit_price`), then published as a
// new version from a moment on.
import { Badge, Button, Card, Checkbox, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { decimalForRequest } from '../../api/decimal';
import { WEEKDAYS, type BusinessPartnerGroup, type LocationGroup, type PlanDraft, type PlanRule, type PlanVersion, type TariffCode, type TariffPlan as Plan } from '../../api/types';
import { FormCard } from '../../components/FormCard';
import { ProblemAlert, useFormErrors } from '../../components/problems';
import { instant } from '../../format';
import { useCan, useSession } from '../../session';

/** What a rule can refer to: the tenant's groups and codes, by id. */
export interface PricingBook {
  codes: TariffCode[];
  locationGroups: LocationGroup[];
  partnerGroups: BusinessPartnerGroup[];
}

export function usePricingBook(): PricingBook {
  const { client } = useSession();
  const [book, setBook] = useState<PricingBook>({ codes: [], locationGroups: [], partnerGroups: [] });
  useEffect(() => {
    let current = true;
    Promise.all([
      client.get<{ items: TariffCode[] }>('/tariff-codes'),
      client.get<{ items: LocationGroup[] }>('/location-groups'),
      client.get<{ items: BusinessPartnerGroup[] }>('/business-partner-groups'),
    ]).then(
      ([codes, locationGroups, partnerGroups]) => current && setBook({ codes: codes.items, locationGroups: locationGroups.items, partnerGroups: partnerGroups.items }),
      () => undefined, // the pickers stay empty; saving names what is wrong
    );
    return () => {
      current = false;
    };
  }, [client]);
  return book;
}

/** A version or a draft to price with: `value` is `version:<id>` or `draft:<id>`. */
export interface PlanChoice {
  value: string;
  label: string;
  currency: string;
}

/** The plan's versions (newest first) and its drafts, to choose one from. */
export function usePlanChoices(): PlanChoice[] {
  const { client } = useSession();
  const [choices, setChoices] = useState<PlanChoice[]>([]);
  useEffect(() => {
    let current = true;
    Promise.all([
      client.get<Plan>('/tariff-plan').then(
        (plan) => plan.versions.map((version) => ({ value: `version:${version.id}`, label: `Version ${version.id} (${version.status.replace('_', ' ')})`, currency: version.currency })),
        () => [], // no plan yet: only drafts
      ),
      client.get<{ items: PlanDraft[] }>('/tariff-plan/drafts').then(
        (drafts) => drafts.items.map((draft) => ({ value: `draft:${draft.id}`, label: `Draft ${draft.id}: ${draft.name}`, currency: draft.currency })),
        () => [],
      ),
    ]).then(([versions, drafts]) => current && setChoices([...versions, ...drafts]));
    return () => {
      current = false;
    };
  }, [client]);
  return choices;
}

/** The request members naming a choice: `{version_id}` or `{draft_id}`; none for ''. */
export function planChoiceBody(value: string): { version_id?: number; draft_id?: number } {
  const [kind, id] = value.split(':');
  if (kind === 'version') return { version_id: Number(id) };
  if (kind === 'draft') return { draft_id: Number(id) };
  return {};
}

export function TariffPlan() {
  const { client } = useSession();
  const can = useCan();
  const manage = can('pricing.manage');
  const book = usePricingBook();
  const [plan, setPlan] = useState<Plan | null | undefined>(undefined);
  const [drafts, setDrafts] = useState<PlanDraft[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<PlanDraft | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const action = useFormErrors();

  const load = useCallback(() => {
    setError(null);
    client.get<Plan>('/tariff-plan').then(setPlan, (failure: unknown) => {
      // No plan yet is a 404 naming tariff_plan: the first publish makes it.
      if (failure instanceof ApiError && failure.status === 404) setPlan(null);
      else setError(failure);
    });
    client.get<{ items: PlanDraft[] }>('/tariff-plan/drafts').then((answer) => setDrafts(answer.items), setError);
  }, [client]);
  useEffect(load, [load]);

  const draftFrom = async (version: PlanVersion) => {
    setMessage(null);
    const created = await action.submit(async () => {
      const full = await client.get<PlanVersion>(`/tariff-plan/versions/${version.id}`);
      return client.post<PlanDraft>('/tariff-plan/drafts', {
        name: `Changes to version ${version.id}`,
        currency: full.currency,
        min_session_price: full.min_session_price,
        max_session_price: full.max_session_price,
        rules: (full.rules ?? []).map(ruleRequest),
      });
    });
    if (created) {
      setDrafts((earlier) => [...earlier, created]);
      setEditing(created);
    }
  };
  const withdraw = async (version: PlanVersion) => {
    const done = await action.submit(async () => {
      await client.delete(`/tariff-plan/versions/${version.id}`);
      return true;
    });
    if (done) {
      setMessage(`Version ${version.id} withdrawn.`);
      load();
    }
  };

  return (
    <Stack>
      <ProblemAlert error={error} />
      <ProblemAlert error={action.error} title="Not done" />
      {message && (
        <Text role="status" size="sm">
          {message}
        </Text>
      )}
      <Card withBorder component="section" aria-labelledby="versions-heading">
        <Title order={2} size="h3" id="versions-heading" mb="sm">
          {plan ? `${plan.name}: versions` : 'Versions'}
        </Title>
        {plan === undefined && !error && <Text c="dimmed">Loading…</Text>}
        {plan === null && <Text c="dimmed">No plan yet: publish a draft to make its first version.</Text>}
        {plan && (
          <Table.ScrollContainer minWidth={640} type="native">
            <Table aria-label="Plan versions" striped>
              <Table.Thead>
                <Table.Tr>
                  {['Version', 'Status', 'Valid from', 'Valid until', 'Currency', 'Rules', 'Actions'].map((header) => (
                    <Table.Th key={header} scope="col">
                      {header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.versions.map((version) => (
                  <VersionRow key={version.id} version={version} book={book} manage={manage} onDraft={() => void draftFrom(version)} onWithdraw={() => void withdraw(version)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Card withBorder component="section" aria-labelledby="drafts-heading">
        <Title order={2} size="h3" id="drafts-heading" mb="sm">
          Drafts
        </Title>
        {drafts.length === 0 ? (
          <Text c="dimmed">No drafts.</Text>
        ) : (
          <Stack gap="xs">
            {drafts.map((draft) => (
              <Group key={draft.id} justify="space-between">
                <Text size="sm">
                  {draft.name} · {draft.currency} · {draft.rules.length} rules · changed {instant(draft.updated_at)}
                </Text>
                <Button size="compact-xs" variant="light" onClick={() => setEditing(draft)}>
                  {manage ? 'Edit' : 'Show'}
                  <span className="visually-hidden"> {draft.name}</span>
                </Button>
              </Group>
            ))}
          </Stack>
        )}
        {manage && (
          <Group mt="sm">
            <Button variant="default" onClick={() => setEditing('new')}>
              New empty draft
            </Button>
          </Group>
        )}
      </Card>
      {editing && (
        <DraftEditor
          key={editing === 'new' ? 'new' : editing.id}
          draft={editing === 'new' ? null : editing}
          manage={manage}
          onClose={(note) => {
            setEditing(null);
            setMessage(note ?? null);
            load();
          }}
        />
      )}
    </Stack>
  );
}

function VersionRow({ version, book, manage, onDraft, onWithdraw }: { version: PlanVersion; book: PricingBook; manage: boolean; onDraft(): void; onWithdraw(): void }) {
  const named = <T extends { id: number }>(items: T[], id: number | null, name: (item: T) => string) => {
    if (id === null) return 'ANY';
    const found = items.find((item) => item.id === id);
    return found ? name(found) : `#${id}`;
  };
  const { client } = useSession();
  const [rules, setRules] = useState<PlanRule[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const show = () => (rules ? setRules(null) : client.get<PlanVersion>(`/tariff-plan/versions/${version.id}`).then((full) => setRules(full.rules ?? []), setError));
  return (
    <>
      <Table.Tr>
        <Table.Td>{version.id}</Table.Td>
        <Table.Td>
          <Badge variant="light" color={version.status === 'in_force' ? 'green' : version.status === 'scheduled' ? 'blue' : 'gray'}>
            {version.status.replace('_', ' ')}
          </Badge>
        </Table.Td>
        <Table.Td>{instant(version.valid_from)}</Table.Td>
        <Table.Td>{instant(version.valid_until)}</Table.Td>
        <Table.Td>{version.currency}</Table.Td>
        <Table.Td>{version.rule_count}</Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="subtle" onClick={() => void show()} aria-expanded={rules !== null}>
              {rules ? 'Hide rules' : 'Rules'}
              <span className="visually-hidden"> of version {version.id}</span>
            </Button>
            {manage && (
              <Button size="compact-xs" variant="light" onClick={onDraft}>
                New draft from it<span className="visually-hidden"> (version {version.id})</span>
              </Button>
            )}
            {manage && version.status === 'scheduled' && (
              <Button size="compact-xs" variant="light" color="red" onClick={onWithdraw}>
                Withdraw<span className="visually-hidden"> version {version.id}</span>
              </Button>
            )}
          </Group>
        </Table.Td>
      </Table.Tr>
      {(rules || error) && (
        <Table.Tr>
          <Table.Td colSpan={7}>
            <ProblemAlert error={error} />
            {rules && (
              <Table aria-label={`Rules of version ${version.id}`} fz="xs">
                <Table.Thead>
                  <Table.Tr>
                    {['Location group', 'Partner group', 'Code', 'Unit price', 'Priority', 'Restrictions'].map((header) => (
                      <Table.Th key={header} scope="col">
                        {header}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rules.map((rule, index) => (
                    <Table.Tr key={rule.id ?? index}>
                      <Table.Td>{named(book.locationGroups, rule.location_group_id, (group) => group.name)}</Table.Td>
                      <Table.Td>{named(book.partnerGroups, rule.business_partner_group_id, (group) => group.name)}</Table.Td>
                      <Table.Td>{named(book.codes, rule.tariff_code_id, (code) => code.code)}</Table.Td>
                      <Table.Td>{String(rule.unit_price)} {version.currency}</Table.Td>
                      <Table.Td>{rule.priority}</Table.Td>
                      <Table.Td>{describeRestrictions(rule)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

function describeRestrictions(rule: PlanRule): string {
  const r = rule.restrictions;
  if (!r) return '–';
  return (
    [
      r.time_of_day ? `${r.time_of_day.start}–${r.time_of_day.end}` : '',
      r.weekdays?.length ? r.weekdays.map((day) => day.slice(0, 3)).join(' ') : '',
      r.min_power_kw != null ? `≥ ${r.min_power_kw} kW` : '',
      r.max_power_kw != null ? `≤ ${r.max_power_kw} kW` : '',
      r.valid_from_date ? `from ${r.valid_from_date}` : '',
      r.valid_until_date ? `until ${r.valid_until_date}` : '',
    ]
      .filter(Boolean)
      .join(', ') || '–'
  );
}

// --- The draft editor -----------------------------------------------------------------------------

interface RuleForm {
  key: number;
  location_group_id: string;
  business_partner_group_id: string;
  tariff_code_id: string;
  unit_price: string;
  priority: string;
  time_start: string;
  time_end: string;
  weekdays: string[];
  min_power_kw: string;
  max_power_kw: string;
  valid_from_date: string;
  valid_until_date: string;
}

let nextKey = 1;
const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

function ruleForm(rule?: PlanRule): RuleForm {
  const r = rule?.restrictions ?? {};
  return {
    key: nextKey++,
    location_group_id: text(rule?.location_group_id),
    business_partner_group_id: text(rule?.business_partner_group_id),
    tariff_code_id: text(rule?.tariff_code_id),
    unit_price: text(rule?.unit_price),
    priority: text(rule?.priority ?? 10),
    time_start: r.time_of_day?.start ?? '',
    time_end: r.time_of_day?.end ?? '',
    weekdays: r.weekdays ?? [],
    min_power_kw: text(r.min_power_kw),
    max_power_kw: text(r.max_power_kw),
    valid_from_date: r.valid_from_date ?? '',
    valid_until_date: r.valid_until_date ?? '',
  };
}

const idOrText = (value: string) => (value === '' ? null : /^\d+$/.test(value) ? Number(value) : value);
const integerOrText = (value: string) => (/^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value);

/** A stored rule as a request's rule (no id; empty restrictions left out). */
function ruleRequest(rule: PlanRule): Record<string, unknown> {
  const { id: _id, ...rest } = rule;
  void _id;
  return rest.restrictions ? rest : { ...rest, restrictions: undefined };
}

function ruleBody(rule: RuleForm): Record<string, unknown> {
  const restrictions: Record<string, unknown> = {};
  if (rule.time_start || rule.time_end) restrictions.time_of_day = { start: rule.time_start, end: rule.time_end };
  if (rule.weekdays.length) restrictions.weekdays = WEEKDAYS.filter((day) => rule.weekdays.includes(day));
  if (rule.min_power_kw.trim()) restrictions.min_power_kw = decimalForRequest(rule.min_power_kw);
  if (rule.max_power_kw.trim()) restrictions.max_power_kw = decimalForRequest(rule.max_power_kw);
  if (rule.valid_from_date) restrictions.valid_from_date = rule.valid_from_date;
  if (rule.valid_until_date) restrictions.valid_until_date = rule.valid_until_date;
  return {
    location_group_id: idOrText(rule.location_group_id),
    business_partner_group_id: idOrText(rule.business_partner_group_id),
    tariff_code_id: idOrText(rule.tariff_code_id),
    unit_price: decimalForRequest(rule.unit_price),
    priority: integerOrText(rule.priority || '0'),
    ...(Object.keys(restrictions).length ? { restrictions } : {}),
  };
}

function DraftEditor({ draft, manage, onClose }: { draft: PlanDraft | null; manage: boolean; onClose(note?: string): void }) {
  const { client } = useSession();
  const book = usePricingBook();
  const errors = useFormErrors();
  const [id, setId] = useState(draft?.id ?? null);
  const [name, setName] = useState(draft?.name ?? 'New prices');
  const [currency, setCurrency] = useState(draft?.currency ?? 'EUR');
  const [minPrice, setMinPrice] = useState(text(draft?.min_session_price));
  const [maxPrice, setMaxPrice] = useState(text(draft?.max_session_price));
  const [rules, setRules] = useState<RuleForm[]>(() => (draft?.rules.length ? draft.rules.map(ruleForm) : [ruleForm()]));
  const [validFrom, setValidFrom] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  const change = (key: number, name: keyof RuleForm, value: string | string[]) => setRules((earlier) => earlier.map((rule) => (rule.key === key ? { ...rule, [name]: value } : rule)));

  const body = () => ({
    name: name.trim(),
    currency: currency.trim().toUpperCase(),
    min_session_price: minPrice.trim() ? decimalForRequest(minPrice) : null,
    max_session_price: maxPrice.trim() ? decimalForRequest(maxPrice) : null,
    rules: rules.map(ruleBody),
  });

  const save = async () => {
    setSaved(null);
    const stored = await errors.submit(() => (id === null ? client.post<PlanDraft>('/tariff-plan/drafts', body()) : client.put<PlanDraft>(`/tariff-plan/drafts/${id}`, body())));
    if (stored) {
      setId(stored.id);
      setSaved(`Draft saved (${stored.rules.length} rules).`);
    }
    return stored;
  };
  const publish = async () => {
    const stored = await save();
    if (!stored) return;
    const version = await errors.submit(() =>
      client.post<PlanVersion>(`/tariff-plan/drafts/${stored.id}/publish`, validFrom ? { valid_from: new Date(validFrom).toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}),
    );
    if (version) onClose(`Published as version ${version.id}, in force from ${instant(version.valid_from)}.`);
  };
  const remove = async () => {
    if (id === null) return onClose();
    const removed = await errors.submit(async () => {
      await client.delete(`/tariff-plan/drafts/${id}`);
      return true;
    });
    if (removed) onClose('Draft deleted.');
  };

  const codeOptions = [{ value: '', label: 'Choose…', disabled: true }, ...book.codes.map((code) => ({ value: String(code.id), label: `${code.code} (${code.unit})` }))];
  const groupOptions = [{ value: '', label: 'ANY' }, ...book.locationGroups.map((group) => ({ value: String(group.id), label: group.name }))];
  const partnerOptions = [{ value: '', label: 'ANY' }, ...book.partnerGroups.map((group) => ({ value: String(group.id), label: group.name }))];

  return (
    <FormCard
      id="draft-editor"
      title={id === null ? 'New draft' : `Draft ${id}`}
      errors={errors}
      onSubmit={save}
      submitLabel={manage ? 'Save draft' : undefined}
      status={saved}
      actions={
        <>
          {manage && (
            <>
              <TextInput label="Publish from" description="Empty: now" type="datetime-local" value={validFrom} onChange={(event) => setValidFrom(event.currentTarget.value)} error={errors.field('valid_from')} />
              <Button color="green" onClick={() => void publish()} loading={errors.busy}>
                Publish
              </Button>
              <Button color="red" variant="light" onClick={() => void remove()}>
                Delete draft
              </Button>
            </>
          )}
          <Button variant="default" onClick={() => onClose()}>
            Close
          </Button>
        </>
      }
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <TextInput label="Draft name" required value={name} onChange={(event) => setName(event.currentTarget.value)} error={errors.field('name')} />
          <TextInput label="Currency" required value={currency} onChange={(event) => setCurrency(event.currentTarget.value)} error={errors.field('currency')} />
          <TextInput label="Minimum session price" value={minPrice} onChange={(event) => setMinPrice(event.currentTarget.value)} error={errors.field('min_session_price')} />
          <TextInput label="Maximum session price" value={maxPrice} onChange={(event) => setMaxPrice(event.currentTarget.value)} error={errors.field('max_session_price')} />
        </SimpleGrid>
        {errors.error instanceof ApiError && errors.error.reasonFor('rules') && (
          <Text c="red" size="sm">
            Rules: {errors.error.reasonFor('rules')}
          </Text>
        )}
        {rules.map((rule, index) => {
          const at = (member: string) => errors.field(`rules[${index}].${member}`);
          const own = errors.error instanceof ApiError ? errors.error.reasonFor(`rules[${index}]`) : undefined;
          return (
            <Fieldset key={rule.key} legend={`Rule ${index + 1}`} disabled={!manage}>
              {own && (
                <Text c="red" size="sm" mb="xs">
                  {own}
                </Text>
              )}
              <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="xs">
                <NativeSelect label="Location group" data={groupOptions} value={rule.location_group_id} onChange={(event) => change(rule.key, 'location_group_id', event.currentTarget.value)} error={at('location_group_id')} />
                <NativeSelect label="Partner group" data={partnerOptions} value={rule.business_partner_group_id} onChange={(event) => change(rule.key, 'business_partner_group_id', event.currentTarget.value)} error={at('business_partner_group_id')} />
                <NativeSelect label="Tariff code" required data={codeOptions} value={rule.tariff_code_id} onChange={(event) => change(rule.key, 'tariff_code_id', event.currentTarget.value)} error={at('tariff_code_id')} />
                <TextInput label="Unit price" required value={rule.unit_price} onChange={(event) => change(rule.key, 'unit_price', event.currentTarget.value)} error={at('unit_price')} />
                <TextInput label="Priority" value={rule.priority} onChange={(event) => change(rule.key, 'priority', event.currentTarget.value)} error={at('priority')} />
                <TextInput label="From (local time)" type="time" value={rule.time_start} onChange={(event) => change(rule.key, 'time_start', event.currentTarget.value)} error={at('restrictions.time_of_day')} />
                <TextInput label="Until (local time)" type="time" value={rule.time_end} onChange={(event) => change(rule.key, 'time_end', event.currentTarget.value)} />
                <TextInput label="Min power (kW)" value={rule.min_power_kw} onChange={(event) => change(rule.key, 'min_power_kw', event.currentTarget.value)} error={at('restrictions.min_power_kw')} />
                <TextInput label="Max power (kW)" value={rule.max_power_kw} onChange={(event) => change(rule.key, 'max_power_kw', event.currentTarget.value)} error={at('restrictions.max_power_kw')} />
                <TextInput label="Valid from date" type="date" value={rule.valid_from_date} onChange={(event) => change(rule.key, 'valid_from_date', event.currentTarget.value)} error={at('restrictions.valid_from_date')} />
                <TextInput label="Valid until date" type="date" value={rule.valid_until_date} onChange={(event) => change(rule.key, 'valid_until_date', event.currentTarget.value)} error={at('restrictions.valid_until_date')} />
              </SimpleGrid>
              <Checkbox.Group label="Weekdays (none: every day)" value={rule.weekdays} onChange={(value) => change(rule.key, 'weekdays', value)} error={at('restrictions.weekdays')} mt="xs">
                <Group gap="xs" mt={4}>
                  {WEEKDAYS.map((day) => (
                    <Checkbox key={day} value={day} label={day.slice(0, 3)} aria-label={day} size="xs" />
                  ))}
                </Group>
              </Checkbox.Group>
              {manage && (
                <Group mt="xs">
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRules((earlier) => earlier.filter((candidate) => candidate.key !== rule.key))}>
                    Remove rule {index + 1}
                  </Button>
                </Group>
              )}
            </Fieldset>
          );
        })}
        {manage && (
          <Group>
            <Button variant="default" onClick={() => setRules((earlier) => [...earlier, ruleForm()])}>
              Add rule
            </Button>
          </Group>
        )}
      </Stack>
    </FormCard>
  );
}
