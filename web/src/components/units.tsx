// The organisation units in the user's scope (GET /organisation-units), for unit pickers and names.
import { NativeSelect } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { OrganisationUnit } from '../api/types';
import type { Filter } from './CursorList';
import { useCan, useSession } from '../session';

export interface Units {
  units: OrganisationUnit[];
  /** The tenant's root, when it is in the user's scope. */
  root: OrganisationUnit | undefined;
  name(id: number | null | undefined): string;
  reload(): void;
  error: unknown;
}

export function useUnits(): Units {
  const { client } = useSession();
  const can = useCan();
  const readable = can('organisation_units.read');
  const [units, setUnits] = useState<OrganisationUnit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    if (!readable) return;
    let current = true;
    client.get<{ items: OrganisationUnit[] }>('/organisation-units').then(
      (found) => current && setUnits(found.items),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [client, readable, reloads]);
  const name = useCallback(
    (id: number | null | undefined) => (id == null ? '–' : units.find((unit) => unit.id === id)?.name ?? `Unit ${id}`),
    [units],
  );
  return {
    units,
    root: units.find((unit) => unit.parent_id === null),
    name,
    reload: useCallback(() => setReloads((count) => count + 1), []),
    error,
  };
}

/** The units in tree order (each after its parent), with their depth. */
export function unitTree(units: OrganisationUnit[]): { unit: OrganisationUnit; depth: number }[] {
  const ids = new Set(units.map((unit) => unit.id));
  const children = new Map<number | null, OrganisationUnit[]>();
  for (const unit of units) {
    // A unit whose parent is out of scope is a top of the user's tree.
    const parent = unit.parent_id !== null && ids.has(unit.parent_id) ? unit.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const ordered: { unit: OrganisationUnit; depth: number }[] = [];
  const visit = (parent: number | null, depth: number) => {
    for (const unit of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push({ unit, depth });
      visit(unit.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

/** A labelled choice of a unit, indented by depth; `anyLabel` adds an empty choice first. */
export function UnitSelect({
  units,
  label,
  value,
  onChange,
  anyLabel,
  error,
  required,
}: {
  units: OrganisationUnit[];
  label: string;
  value: string;
  onChange(value: string): void;
  anyLabel?: string;
  error?: string;
  required?: boolean;
}) {
  const options = unitTree(units).map(({ unit, depth }) => ({ value: String(unit.id), label: `${'\u2003'.repeat(depth)}${unit.name}` }));
  return (
    <NativeSelect
      label={label}
      required={required}
      error={error}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={anyLabel !== undefined ? [{ value: '', label: anyLabel }, ...options] : [{ value: '', label: 'Choose…', disabled: true }, ...options]}
    />
  );
}

/**
 * The `organisation_unit_id` filter of a list (CursorList), the units indented by depth; none when the
 * user's scope is a single unit (nothing to choose).
 */
export function unitFilter(units: OrganisationUnit[], label = 'Unit'): Filter[] {
  if (units.length <= 1) return [];
  return [
    {
      name: 'organisation_unit_id',
      label,
      kind: 'select',
      options: [{ value: '', label: 'All in my scope' }, ...unitTree(units).map(({ unit, depth }) => ({ value: String(unit.id), label: `${'\u2003'.repeat(depth)}${unit.name}` }))],
    },
  ];
}
