// The tenant's branding turned into a Mantine theme: the portal is re-themed at run time, whatever
// tenant the host name belongs to, without a rebuild.
import { createTheme, type MantineColorsTuple, type MantineThemeOverride } from '@mantine/core';
import type { Branding } from './api/client';

/** What the portal shows until (or unless) the server names the tenant's branding: OpenMSP's own. */
export const DEFAULT_BRANDING: Branding = {
  display_name: 'OpenMSP',
  primary_colour: '#0b6e4f',
  accent_colour: '#f2a541',
};

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** `branding` with every missing or malformed value replaced by the default's. */
export function normaliseBranding(branding: Partial<Branding> | null | undefined): Branding {
  const given = branding ?? {};
  const colour = (value: string | undefined, fallback: string) =>
    value && HEX_COLOUR.test(value) ? value.toLowerCase() : fallback;
  return {
    display_name: given.display_name?.trim() || DEFAULT_BRANDING.display_name,
    primary_colour: colour(given.primary_colour, DEFAULT_BRANDING.primary_colour),
    accent_colour: colour(given.accent_colour, DEFAULT_BRANDING.accent_colour),
    support_email: given.support_email || undefined,
    logo_url: given.logo_url || undefined,
  };
}

function mix(colour: string, target: number, weight: number): string {
  const channels = [1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16));
  return (
    '#' +
    channels
      .map((channel) => Math.round(channel + (target - channel) * weight))
      .map((channel) => channel.toString(16).padStart(2, '0'))
      .join('')
  );
}

/**
 * Ten shades of `colour` as Mantine wants them, lightest first, with `colour` itself as shade 6 (the one
 * filled buttons and links use): shades 0-5 mix it with white, 7-9 with black.
 */
export function shadesOf(colour: string): MantineColorsTuple {
  const lighter = [0.9, 0.78, 0.62, 0.46, 0.3, 0.15].map((weight) => mix(colour, 255, weight));
  const darker = [0.15, 0.3, 0.45].map((weight) => mix(colour, 0, weight));
  return [...lighter, colour, ...darker] as unknown as MantineColorsTuple;
}

/** The Mantine theme of a branding: its colours as `brand` (primary) and `accent`. */
export function themeFromBranding(branding: Branding): MantineThemeOverride {
  return createTheme({
    primaryColor: 'brand',
    primaryShade: 6,
    colors: { brand: shadesOf(branding.primary_colour), accent: shadesOf(branding.accent_colour) },
    // Text on filled elements is black or white, whichever contrasts with the tenant's colour.
    autoContrast: true,
    luminanceThreshold: 0.4,
    defaultRadius: 'md',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  });
}
