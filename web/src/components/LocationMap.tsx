// The locations as points on a plain SVG: projected from their coordinates (equirectangular, scaled by
// the cosine of the middle latitude so distances look right at the map's latitude), no tiles and no
// network. Each point is a focusable button with its name as label; Enter or Space chooses it.
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { Location } from '../api/types';

const WIDTH = 600;
const HEIGHT = 360;
const PADDING = 30;

export interface MapPoint {
  location: Location;
  x: number;
  y: number;
}

/** The points of `locations` with readable coordinates, in the map's SVG units. */
export function project(locations: Location[], width = WIDTH, height = HEIGHT, padding = PADDING): MapPoint[] {
  const placed = locations
    .map((location) => ({ location, latitude: Number(location.coordinates.latitude), longitude: Number(location.coordinates.longitude) }))
    .filter((point) => Number.isFinite(point.latitude) && Number.isFinite(point.longitude));
  if (placed.length === 0) return [];
  const latitudes = placed.map((point) => point.latitude);
  const middle = (Math.min(...latitudes) + Math.max(...latitudes)) / 2;
  const stretch = Math.cos((middle * Math.PI) / 180);
  const xs = placed.map((point) => point.longitude * stretch);
  const ys = placed.map((point) => -point.latitude);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const scale = spanX === 0 && spanY === 0 ? 0 : Math.min((width - 2 * padding) / (spanX || Infinity), (height - 2 * padding) / (spanY || Infinity));
  // Centred: the unused width or height is split on both sides.
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return placed.map((point, index) => ({ location: point.location, x: offsetX + (xs[index] - minX) * scale, y: offsetY + (ys[index] - minY) * scale }));
}

export function locationLabel(location: Location): string {
  return `${location.name ?? location.location_id}, ${location.city} (${location.cpo})`;
}

export function LocationMap({ locations, selected, onSelect }: { locations: Location[]; selected: number | null; onSelect(location: Location): void }) {
  const points = useMemo(() => project(locations), [locations]);
  const [focused, setFocused] = useState<number | null>(null);
  const labelAll = points.length <= 12;
  const choose = (event: KeyboardEvent, location: Location) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(location);
    }
  };
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={`Map of ${points.length} location${points.length === 1 ? '' : 's'}`} style={{ width: '100%', maxHeight: 360, background: 'var(--mantine-color-gray-0)', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}>
      {points.length === 0 && (
        <text x={WIDTH / 2} y={HEIGHT / 2} textAnchor="middle" fill="currentColor" fontSize={14}>
          No locations to show
        </text>
      )}
      {points.map(({ location, x, y }) => {
        const active = location.id === selected || location.id === focused;
        return (
          <g
            key={location.id}
            role="button"
            tabIndex={0}
            aria-label={locationLabel(location)}
            aria-pressed={location.id === selected}
            onClick={() => onSelect(location)}
            onKeyDown={(event) => choose(event, location)}
            onFocus={() => setFocused(location.id)}
            onBlur={() => setFocused(null)}
            style={{ cursor: 'pointer', outline: 'none' }}
          >
            <title>{locationLabel(location)}</title>
            <circle cx={x} cy={y} r={active ? 12 : 8} fill={location.id === selected ? 'var(--mantine-color-brand-8, #0b6e4f)' : 'var(--mantine-color-brand-5, #0b6e4f)'} stroke={active ? 'black' : 'white'} strokeWidth={active ? 3 : 1.5} />
            {(labelAll || active) && (
              <text x={x + 15} y={y + 6} fontSize={18} fill="currentColor" fontWeight={active ? 700 : 400} aria-hidden>
                {location.name ?? location.location_id}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
