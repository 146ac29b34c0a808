// Locations: the tenant's CPO locations with their EVSEs and connectors, searched by text, country, CPO,
// power and distance, drawn on a map (SVG, no tiles) beside the list.
import { Badge, Card, Grid, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import type { Location } from '../api/types';
import { CursorList, type Column } from '../components/CursorList';
import { LocationMap, locationLabel } from '../components/LocationMap';

export function LocationsPage() {
  const [locations, setLocations] = useState<Location[]>([]);
  const [selected, setSelected] = useState<Location | null>(null);
  const onItems = useCallback((items: Location[]) => {
    setLocations(items);
    setSelected((earlier) => (earlier && items.some((item) => item.id === earlier.id) ? earlier : null));
  }, []);

  const columns: Column<Location>[] = [
    { header: 'Name', render: (location) => location.name ?? location.location_id },
    { header: 'Address', render: (location) => `${location.address}, ${location.postal_code ?? ''} ${location.city}`.replace('  ', ' ') },
    { header: 'Country', render: (location) => location.country },
    { header: 'CPO', render: (location) => location.cpo },
    { header: 'EVSEs', render: (location) => location.evses.length },
    {
      header: 'Max power',
      render: (location) => {
        // Each distinct connector power as the API states it (decimal text, not compared as numbers).
        const powers = [...new Set(location.evses.flatMap((evse) => evse.connectors.map((connector) => `${connector.max_power_kw} kW ${connector.power_type.startsWith('AC') ? 'AC' : 'DC'}`)))];
        return powers.join(', ') || '–';
      },
    },
  ];

  return (
    <Stack>
      <Title order={1}>Locations</Title>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <CursorList<Location>
            path="/locations"
            caption="Locations"
            columns={columns}
            rowKey={(location) => location.id}
            onItems={onItems}
            emptyText="No locations match this search."
            filters={[
              { name: 'text', label: 'Search', placeholder: 'Name, address, city, id, EVSE id' },
              { name: 'country', label: 'Country', placeholder: 'NLD', description: 'ISO 3166-1 alpha-3' },
              { name: 'cpo', label: 'CPO', placeholder: 'NL-TNM' },
              { name: 'min_power_kw', label: 'At least (kW)', kind: 'number' },
              { name: 'latitude', label: 'Near latitude', placeholder: '52.37' },
              { name: 'longitude', label: 'Near longitude', placeholder: '4.89' },
              { name: 'radius_m', label: 'Within (m)', kind: 'number', placeholder: '5000' },
            ]}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <LocationMap locations={locations} selected={selected?.id ?? null} onSelect={setSelected} />
            <Text size="xs" c="dimmed">
              The points of the locations listed, placed by their coordinates. Tab to a point and press Enter to see its chargers.
            </Text>
            {selected && <LocationDetail location={selected} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function LocationDetail({ location }: { location: Location }) {
  return (
    <Card withBorder component="section" aria-labelledby="location-detail-heading">
      <Title order={2} size="h4" id="location-detail-heading">
        {locationLabel(location)}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {location.address}, {location.city} · {location.coordinates.latitude}, {location.coordinates.longitude} · {location.time_zone}
      </Text>
      <Table.ScrollContainer minWidth={420} type="native">
        <Table aria-label={`Chargers of ${location.name ?? location.location_id}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">EVSE</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Connectors</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {location.evses.map((evse) => (
              <Table.Tr key={evse.uid}>
                <Table.Td>{evse.evse_id ?? evse.uid}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={evse.status === 'AVAILABLE' ? 'green' : 'gray'}>
                    {evse.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {evse.connectors.map((connector) => `${connector.id}: ${connector.standard} ${connector.power_type} ${connector.max_power_kw} kW`).join('; ')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
