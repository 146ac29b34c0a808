// The one list of the portal: every list page of the API (`{"items", "next"}`, docs/api.md "Lists") is
// shown by this component — labelled filters, a table that scrolls sideways on a phone, "Load more"
// with the API's opaque `next` cursor, a "Download CSV" link (the same query with `format=csv`), an empty
// state, a loader, and problem+json errors naming the fields. Pages give columns and filters only.
import { Anchor, Button, Checkbox, Group, Loader, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Query } from '../api/client';
import type { Page } from '../api/types';
import { useSession } from '../session';
import { DataTable } from './DataTable';
import { ProblemAlert } from './problems';

/** What a column's cell may do with the list: put an item changed by an action in its place, or reload. */
export interface ListControls<T> {
  replace(item: T): void;
  reload(): void;
}

export interface Column<T> {
  header: string;
  render(item: T, list: ListControls<T>): ReactNode;
}

export interface Filter {
  /** The query parameter. */
  name: string;
  label: string;
  kind?: 'text' | 'date' | 'select' | 'checkbox' | 'number';
  /** For `select`: the choices; the first is usually "Any" with the value ''. */
  options?: { value: string; label: string }[];
  placeholder?: string;
  description?: string;
  /** The input's value as the query parameter's (e.g. a date as an OCPI date-time); '' leaves it out. */
  toQuery?(value: string): string;
}

export interface CursorListProps<T> {
  /** The list's path below /api/v1, e.g. `/msp-cdrs`. */
  path: string;
  /** The table's accessible name, e.g. "MSP CDRs". */
  caption: string;
  columns: Column<T>[];
  rowKey(item: T): string | number;
  filters?: Filter[];
  /** Filter values to start with (by parameter name). */
  initialFilters?: Record<string, string>;
  /** Parameters always sent, not shown as filters. */
  fixedQuery?: Query;
  /** What an empty list says. */
  emptyText: string;
  /** Changing it loads the list again from its first page (after an action elsewhere on the page). */
  reloadKey?: unknown;
  /** The smallest width of the table before it scrolls sideways (px). */
  minWidth?: number;
  /** Called with the query applied (the filters as sent), e.g. for an action over the same selection. */
  onQuery?(query: Query): void;
  /** The CSV export link (every list of the API has one); false hides it. */
  csv?: boolean;
  /** Called with every item loaded so far (e.g. to draw them on a map beside the table). */
  onItems?(items: T[]): void;
}

export function CursorList<T>({
  path,
  caption,
  columns,
  rowKey,
  filters = [],
  initialFilters = {},
  fixedQuery,
  emptyText,
  reloadKey,
  minWidth = 720,
  onQuery,
  csv = true,
  onItems,
}: CursorListProps<T>) {
  const { client } = useSession();
  const [draft, setDraft] = useState<Record<string, string>>(() => ({ ...initialFilters }));
  const [applied, setApplied] = useState<Record<string, string>>(() => ({ ...initialFilters }));
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reloads, setReloads] = useState(0);
  const generation = useRef(0); // answers of an earlier query are dropped

  const fixed = JSON.stringify(fixedQuery ?? {});
  const query = useMemo<Query>(() => {
    const built: Query = { ...(JSON.parse(fixed) as Query) };
    for (const filter of filters) {
      const value = applied[filter.name] ?? '';
      built[filter.name] = value === '' ? undefined : filter.toQuery ? filter.toQuery(value) : value;
    }
    return built;
    // Filters are given inline (new objects each render): their names and the applied values are what counts.
  }, [applied, fixed, filters.map((filter) => filter.name).join()]);

  useEffect(() => {
    onQuery?.(query);
  }, [query]); // not onQuery: pages give it inline

  useEffect(() => {
    onItems?.(items);
  }, [items]); // not onItems: pages give it inline

  useEffect(() => {
    const current = ++generation.current;
    setLoading(true);
    setError(null);
    client.get<Page<T>>(path, query).then(
      (page) => {
        if (current !== generation.current) return;
        setItems(page.items);
        setNext(page.next ?? null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (current !== generation.current) return;
        setItems([]);
        setNext(null);
        setError(failure);
        setLoading(false);
      },
    );
  }, [client, path, query, reloadKey, reloads]);

  const loadMore = useCallback(async () => {
    if (!next) return;
    const current = generation.current;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await client.get<Page<T>>(path, { ...query, after: next });
      if (current !== generation.current) return;
      setItems((earlier) => [...earlier, ...page.items]);
      setNext(page.next ?? null);
    } catch (failure) {
      if (current === generation.current) setError(failure);
    } finally {
      setLoadingMore(false);
    }
  }, [client, path, query, next]);

  const controls = useMemo<ListControls<T>>(
    () => ({
      replace: (changed: T) => setItems((earlier) => earlier.map((item) => (rowKey(item) === rowKey(changed) ? changed : item))),
      reload: () => setReloads((count) => count + 1),
    }),
    [rowKey],
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ ...draft });
  };

  return (
    <Stack gap="sm">
      {filters.length > 0 && (
        <form onSubmit={apply} aria-label={`Filter ${caption}`}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
            {filters.map((filter) => (
              <FilterInput
                key={filter.name}
                filter={filter}
                value={draft[filter.name] ?? ''}
                onChange={(value) => setDraft((earlier) => ({ ...earlier, [filter.name]: value }))}
              />
            ))}
          </SimpleGrid>
          <Group mt="sm" gap="sm">
            <Button type="submit" size="sm">
              Apply filters
            </Button>
          </Group>
        </form>
      )}
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed" aria-live="polite">
          {loading ? 'Loading…' : `${items.length} shown${next ? ', more available' : ''}`}
        </Text>
        {csv && (
          <Anchor href={client.url(path, { ...query, format: 'csv' })} download size="sm">
            Download CSV
          </Anchor>
        )}
      </Group>
      <ProblemAlert error={error} />
      {loading ? (
        <Group justify="center" p="md">
          <Loader aria-label={`Loading ${caption}`} />
        </Group>
      ) : items.length === 0 && !error ? (
        <Text c="dimmed" p="md" ta="center">
          {emptyText}
        </Text>
      ) : items.length > 0 ? (
        <DataTable
          caption={caption}
          columns={columns.map((column) => ({ header: column.header, render: (item: T) => column.render(item, controls) }))}
          rows={items}
          rowKey={rowKey}
          minWidth={minWidth}
        />
      ) : null}
      {next && !loading && (
        <Group justify="center">
          <Button variant="default" onClick={() => void loadMore()} loading={loadingMore}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function FilterInput({ filter, value, onChange }: { filter: Filter; value: string; onChange(value: string): void }) {
  const common = { label: filter.label, description: filter.description };
  switch (filter.kind) {
    case 'select':
      return <NativeSelect {...common} data={filter.options ?? []} value={value} onChange={(event) => onChange(event.currentTarget.value)} />;
    case 'checkbox':
      return (
        <Checkbox
          label={filter.label}
          description={filter.description}
          checked={value === 'true'}
          onChange={(event) => onChange(event.currentTarget.checked ? 'true' : '')}
          mt="lg"
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={filter.kind === 'date' ? 'date' : filter.kind === 'number' ? 'number' : 'text'}
          placeholder={filter.placeholder}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
  }
}
