import { Box, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Labelled values of one object, as a description list (read in order by screen readers, wraps on a phone). */
export function Facts({ items, label }: { items: [string, ReactNode][]; label?: string }) {
  return (
    <Box component="dl" aria-label={label} m={0} style={{ display: 'grid', gridTemplateColumns: 'minmax(8rem, max-content) 1fr', gap: '0.25rem 1rem' }}>
      {items.map(([term, value]) => (
        <Box key={term} style={{ display: 'contents' }}>
          <Text component="dt" size="sm" c="dimmed">
            {term}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {value}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
