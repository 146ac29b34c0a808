// Pricing: the tenant's tariff codes, its tariff plan (versions and drafts), location groups, business
// partner groups, a price calculator and the what-if of a draft, one tab each (arrow keys move between tabs).
import { Stack, Tabs, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { LocationGroups } from './pricing/LocationGroups';
import { PartnerGroups } from './pricing/PartnerGroups';
import { PriceCalculator } from './pricing/PriceCalculator';
import { TariffCodes } from './pricing/TariffCodes';
import { TariffPlan } from './pricing/TariffPlan';
import { WhatIf } from './pricing/WhatIf';

const TABS = [
  { value: 'codes', label: 'Tariff codes', element: <TariffCodes /> },
  { value: 'plan', label: 'Tariff plan', element: <TariffPlan /> },
  { value: 'groups', label: 'Location groups', element: <LocationGroups /> },
  { value: 'partners', label: 'Business partner groups', element: <PartnerGroups /> },
  { value: 'calculator', label: 'Price calculator', element: <PriceCalculator /> },
  { value: 'what-if', label: 'What-if', element: <WhatIf /> },
];

export function PricingPage() {
  const [search, setSearch] = useSearchParams();
  const tab = TABS.some((candidate) => candidate.value === search.get('tab')) ? search.get('tab')! : TABS[0].value;
  return (
    <Stack>
      <Title order={1}>Pricing</Title>
      <Tabs value={tab} onChange={(value) => value && setSearch({ tab: value }, { replace: true })} keepMounted={false}>
        <Tabs.List>
          {TABS.map((candidate) => (
            <Tabs.Tab key={candidate.value} value={candidate.value}>
              {candidate.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((candidate) => (
          <Tabs.Panel key={candidate.value} value={candidate.value} pt="md">
            {candidate.element}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
