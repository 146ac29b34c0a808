import { Group, Image, Text, ThemeIcon } from '@mantine/core';
import type { Branding } from '../api/client';

/** The tenant's logo (or its initial on its colour) and name. */
export function BrandMark({ branding, size = 'md' }: { branding: Branding; size?: 'md' | 'lg' }) {
  const height = size === 'lg' ? 40 : 30;
  return (
    <Group gap="xs" wrap="nowrap">
      {branding.logo_url ? (
        <Image src={branding.logo_url} alt={`${branding.display_name} logo`} h={height} w="auto" fit="contain" />
      ) : (
        <ThemeIcon size={height} radius="sm" color="brand" aria-hidden>
          {branding.display_name.charAt(0).toUpperCase()}
        </ThemeIcon>
      )}
      <Text fw={700} size={size === 'lg' ? 'xl' : 'lg'} truncate>
        {branding.display_name}
      </Text>
    </Group>
  );
}
