// The tenant's own settings (docs/api.md, "Tenant settings"): its name, default currency, host names and
// the legal details its invoices name it by (legal name, address, VAT number),
// its branding, the VAT and exchange-rate tables rating reads, and rating's limits. Each section loads
// what the API answers, is edited as text and saved whole; what the server refuses is shown on the input
// it names (`items[2].percent`). Only a tenant admin (tenant_settings.manage) opens the page.
import { Button, ColorInput, FileInput, Group, Image, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { decimalForRequest } from '../api/decimal';
import { FormCard } from '../components/FormCard';
import { useFormErrors, type FormErrors } from '../components/problems';
import { useSession } from '../session';

export function SettingsPage() {
  return (
    <Stack>
      <Title order={1}>Settings</Title>
      <TenantSection />
      <BrandingSection />
      <TableSection
        id="vat"
        title="VAT rates"
        path="/tenant/vat-rates"
        note="Each country's rate from a date on (ISO 3166-1 alpha-3: NLD, DEU). Saving re-rates the CDRs held for a missing rate."
        columns={[
          { key: 'country', label: 'Country' },
          { key: 'valid_from', label: 'Valid from', placeholder: 'YYYY-MM-DD' },
          { key: 'percent', label: 'Percent', decimal: true },
        ]}
      />
      <TableSection
        id="exchange"
        title="Exchange rates"
        path="/tenant/exchange-rates"
        note="1 unit of From is Rate units of To from a date on, until the next row of the pair. Saving re-rates the CDRs held for a missing rate."
        columns={[
          { key: 'from', label: 'From' },
          { key: 'to', label: 'To' },
          { key: 'valid_from', label: 'Valid from', placeholder: 'YYYY-MM-DD' },
          { key: 'rate', label: 'Rate', decimal: true },
        ]}
      />
      <RatingSection />
    </Stack>
  );
}

/** A settings section: the one form card, saved with "Save <title>". */
function Section({ id, title, children, errors, saved, onSubmit }: { id: string; title: string; children: ReactNode; errors: FormErrors; saved: string | null; onSubmit(): unknown }) {
  return (
    <FormCard id={id} title={title} errors={errors} onSubmit={onSubmit} submitLabel={`Save ${title.toLowerCase()}`} status={saved}>
      {children}
    </FormCard>
  );
}

/** Binds the text input of `name` to a form of strings, with what the server said of `name`. */
function textOf<Form extends Record<string, string>>(form: Form, setForm: (form: Form) => void, errors: FormErrors, name: keyof Form & string) {
  return {
    value: form[name],
    error: errors.field(name),
    onChange: (event: { currentTarget: { value: string } }) => setForm({ ...form, [name]: event.currentTarget.value }),
  };
}

interface Tenant {
  id: number;
  slug: string;
  name: string;
  default_currency: string;
  parties: string[];
  host_names: string[];
  /** What invoices name the tenant by (the issuer); null when not given. */
  legal_name: string | null;
  /** Lines separated by \n. */
  address: string | null;
  vat_number: string | null;
}

/** Host names typed one per line (or separated by commas or blanks), as the API takes them. */
export function hostNamesOf(text: string): string[] {
  return text.split(/[\s,]+/).filter((name) => name.length > 0);
}

function TenantSection() {
  const { client } = useSession();
  const errors = useFormErrors();
  const [tenant, setTenant] = useState<Tenant | null>(null);
  const [form, setForm] = useState({ name: '', default_currency: '', host_names: '', legal_name: '', address: '', vat_number: '' });
  const [saved, setSaved] = useState<string | null>(null);
  const show = (found: Tenant) => {
    setTenant(found);
    setForm({
      name: found.name,
      default_currency: found.default_currency,
      host_names: found.host_names.join('\n'),
      legal_name: found.legal_name ?? '',
      address: found.address ?? '',
      vat_number: found.vat_number ?? '',
    });
  };
  useEffect(() => {
    client.get<Tenant>('/tenant').then(show, errors.fail);
  }, [client]);
  const submit = async () => {
    setSaved(null);
    const changed = await errors.submit(() =>
      client.patch<Tenant>('/tenant', {
        name: form.name.trim(),
        default_currency: form.default_currency.trim().toUpperCase(),
        host_names: hostNamesOf(form.host_names),
        // Empty clears; the server trims each line of the address.
        legal_name: form.legal_name.trim(),
        address: form.address,
        vat_number: form.vat_number.trim(),
      }),
    );
    if (changed) {
      show(changed);
      setSaved('Saved.');
    }
  };
  const input = (name: keyof typeof form) => textOf(form, setForm, errors, name);
  return (
    <Section id="tenant" title="The tenant" errors={errors} saved={saved} onSubmit={submit}>
      {tenant && (
        <Text size="sm" c="dimmed" mb="sm">
          Slug <code>{tenant.slug}</code>, eMSP {tenant.parties.join(', ')} (these never change: URLs and every roaming peer know the tenant by them).
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Name" required {...input('name')} />
        <TextInput label="Default currency" required description="ISO 4217 (EUR): invoices from the next billing run on" {...input('default_currency')} />
      </SimpleGrid>
      <Textarea mt="sm" label="Host names" description="One per line: the Control Centre answers the tenant on each (portal.example.com)" autosize minRows={2} {...input('host_names')} />
      <Title order={3} size="h5" mt="md" mb="xs">
        On invoices (the issuer)
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        EU invoices name their issuer&apos;s legal name, address and VAT number. Each is optional; without a legal name invoices show the tenant&apos;s name.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Legal name" description="As registered, e.g. Demo MSP B.V. (at most 200 bytes)" {...input('legal_name')} />
        <TextInput label="VAT number" description="As registered, e.g. NL001234567B01" {...input('vat_number')} />
      </SimpleGrid>
      <Textarea mt="sm" label="Address" description="As printed: street, postcode and town, country, one per line" autosize minRows={3} {...input('address')} />
    </Section>
  );
}

interface BrandingAnswer {
  display_name: string;
  primary_colour: string;
  accent_colour: string;
  support_email: string | null;
  logo: { media_type: string; data: string } | null;
  is_default: boolean;
}

/** The Base64 of `file`'s bytes. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

function BrandingSection() {
  const { client, refreshBranding } = useSession();
  const errors = useFormErrors();
  const [form, setForm] = useState({ display_name: '', primary_colour: '#0b6e4f', accent_colour: '#f5a623', support_email: '' });
  const [logo, setLogo] = useState<BrandingAnswer['logo']>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const show = (found: BrandingAnswer) => {
    setForm({ display_name: found.display_name, primary_colour: found.primary_colour, accent_colour: found.accent_colour, support_email: found.support_email ?? '' });
    setLogo(found.logo);
  };
  useEffect(() => {
    client.get<BrandingAnswer>('/tenant/branding').then(show, errors.fail);
  }, [client]);
  const chooseLogo = async (file: File | null) => {
    if (!file) return setLogo(null);
    try {
      setLogo({ media_type: file.type, data: await base64Of(file) });
    } catch (failure) {
      errors.fail(failure);
    }
  };
  const submit = async () => {
    setSaved(null);
    const body: Record<string, unknown> = { ...form, support_email: form.support_email.trim() || null, logo };
    const stored = await errors.submit(() => client.put<BrandingAnswer>('/tenant/branding', body));
    if (stored) {
      show(stored);
      setSaved('Saved: every page of the tenant now shows it.');
      refreshBranding();
    }
  };
  const text = (name: 'display_name' | 'support_email') => textOf(form, setForm, errors, name);
  const colour = (name: 'primary_colour' | 'accent_colour') => ({
    value: form[name],
    error: errors.field(name),
    onChange: (value: string) => setForm({ ...form, [name]: value }),
  });
  return (
    <Section id="branding" title="Branding" errors={errors} saved={saved} onSubmit={submit}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Display name" required {...text('display_name')} />
        <TextInput label="Support e-mail" type="email" {...text('support_email')} />
        <ColorInput label="Primary colour" format="hex" required {...colour('primary_colour')} />
        <ColorInput label="Accent colour" format="hex" required {...colour('accent_colour')} />
      </SimpleGrid>
      <Group mt="sm" align="flex-end">
        <FileInput label="Logo" description="PNG, JPEG, WebP or SVG, at most 256 KiB" accept="image/png,image/jpeg,image/webp,image/svg+xml" clearable onChange={(file) => void chooseLogo(file)} error={errors.field('logo')} />
        {logo && <Image src={`data:${logo.media_type};base64,${logo.data}`} alt="The logo" h={40} w="auto" fit="contain" />}
        {logo && (
          <Button variant="default" onClick={() => setLogo(null)}>
            Remove the logo
          </Button>
        )}
      </Group>
    </Section>
  );
}

interface Column {
  key: string;
  label: string;
  placeholder?: string;
  /** A decimal: sent as the text typed. */
  decimal?: boolean;
}

type Row = Record<string, string>;

/** A table of the tenant's (VAT rates, exchange rates) edited row by row and saved whole with PUT. */
function TableSection({ id, title, path, note, columns }: { id: string; title: string; path: string; note: string; columns: Column[] }) {
  const { client } = useSession();
  const errors = useFormErrors();
  const [rows, setRows] = useState<Row[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const show = (items: Record<string, unknown>[]) => setRows(items.map((item) => Object.fromEntries(columns.map((column) => [column.key, String(item[column.key] ?? '')]))));
  useEffect(() => {
    client.get<{ items: Record<string, unknown>[] }>(path).then((answer) => show(answer.items), errors.fail);
  }, [client, path]);
  const submit = async () => {
    setSaved(null);
    const items = rows.map((row) => Object.fromEntries(columns.map((column) => [column.key, column.decimal ? decimalForRequest(row[column.key]) : row[column.key].trim()])));
    const stored = await errors.submit(() => client.put<{ items: Record<string, unknown>[] }>(path, { items }));
    if (stored) {
      show(stored.items);
      setSaved(`Saved ${stored.items.length} ${stored.items.length === 1 ? 'row' : 'rows'}.`);
    }
  };
  const edit = (index: number, key: string, value: string) => setRows(rows.map((row, at) => (at === index ? { ...row, [key]: value } : row)));
  return (
    <Section id={id} title={title} errors={errors} saved={saved} onSubmit={submit}>
      <Text size="sm" c="dimmed" mb="sm">
        {note}
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.key}>{column.label}</Table.Th>
              ))}
              <Table.Th>
                <span className="visually-hidden">Remove</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, index) => (
              <Table.Tr key={index}>
                {columns.map((column) => (
                  <Table.Td key={column.key}>
                    <TextInput
                      aria-label={`${column.label}, row ${index + 1}`}
                      placeholder={column.placeholder}
                      value={row[column.key]}
                      error={errors.field(`items[${index}].${column.key}`)}
                      onChange={(event) => edit(index, column.key, event.currentTarget.value)}
                    />
                  </Table.Td>
                ))}
                <Table.Td>
                  <Button variant="subtle" color="red" onClick={() => setRows(rows.filter((_, at) => at !== index))} aria-label={`Remove row ${index + 1}`}>
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length === 0 && <Text c="dimmed">No rows: add one.</Text>}
      <Button mt="xs" variant="default" onClick={() => setRows([...rows, Object.fromEntries(columns.map((column) => [column.key, '']))])}>
        Add a row
      </Button>
    </Section>
  );
}

interface RatingSettings {
  max_energy_kwh: string;
  max_session_duration_hours: number;
  cost_audit_tolerance: string;
}

function RatingSection() {
  const { client } = useSession();
  const errors = useFormErrors();
  const [form, setForm] = useState({ max_energy_kwh: '', max_session_duration_hours: '', cost_audit_tolerance: '' });
  const [saved, setSaved] = useState<string | null>(null);
  const show = (found: RatingSettings) => setForm({ max_energy_kwh: found.max_energy_kwh, max_session_duration_hours: String(found.max_session_duration_hours), cost_audit_tolerance: found.cost_audit_tolerance });
  useEffect(() => {
    client.get<RatingSettings>('/tenant/rating-settings').then(show, (failure: unknown) => (failure instanceof ApiError && failure.status === 403 ? undefined : errors.fail(failure)));
  }, [client]);
  const submit = async () => {
    setSaved(null);
    const hours = form.max_session_duration_hours.trim();
    const stored = await errors.submit(() =>
      client.put<RatingSettings>('/tenant/rating-settings', {
        max_energy_kwh: decimalForRequest(form.max_energy_kwh),
        max_session_duration_hours: /^\d+$/.test(hours) ? Number(hours) : hours,
        cost_audit_tolerance: decimalForRequest(form.cost_audit_tolerance),
      }),
    );
    if (stored) {
      show(stored);
      setSaved('Saved.');
    }
  };
  const input = (name: keyof typeof form) => textOf(form, setForm, errors, name);
  return (
    <Section id="rating" title="Rating limits" errors={errors} saved={saved} onSubmit={submit}>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput label="Most energy of a CDR (kWh)" description="More is implausible: held for attention" required {...input('max_energy_kwh')} />
        <TextInput label="Longest session (hours)" description="1 to 744" required {...input('max_session_duration_hours')} />
        <TextInput label="Cost audit tolerance" description="The CPO's stated and recomputed cost may differ by this much" required {...input('cost_audit_tolerance')} />
      </SimpleGrid>
    </Section>
  );
}
