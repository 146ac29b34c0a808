import { Anchor, AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router-dom';
import type { Me } from '../api/client';
import { visiblePages } from '../navigation';
import { useSession } from '../session';
import { BrandMark } from './BrandMark';

/** The signed-in frame: header with the tenant's brand and the user, navigation, the page. */
export function Layout({ me }: { me: Me }) {
  const { branding, logout } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const pages = visiblePages(me);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <Anchor href="#main" className="skip-link">
        Skip to main content
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
              aria-controls="navigation"
              aria-expanded={opened}
            />
            <BrandMark branding={branding} />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" truncate>
              {me.user.display_name}
            </Text>
            <Button variant="default" size="xs" onClick={() => void logout()}>
              Sign out<VisuallyHidden> {me.user.display_name}</VisuallyHidden>
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="navigation" aria-label="Main navigation" component="nav">
        <ScrollArea>
          {pages.map((page) => (
            <NavLink
              key={page.path}
              component={RouterLink}
              to={page.path}
              end={page.path === '/'}
              label={page.label}
              active={page.path === '/' ? location.pathname === '/' : location.pathname.startsWith(page.path)}
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
