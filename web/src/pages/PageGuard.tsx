import { Alert, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { mayOpen, heldPermissions, type Page } from '../navigation';
import { useSession } from '../session';

/** `children` when the user's permissions open `page`, else a refusal (the address was typed). */
export function PageGuard({ page, children }: { page: Page; children: ReactNode }) {
  const { me } = useSession();
  if (me && !mayOpen(page, heldPermissions(me))) {
    return (
      <Stack>
        <Title order={1}>{page.label}</Title>
        <Alert color="red" title="Not available" role="alert">
          Your roles do not include this page. Ask a tenant administrator if you need it.
        </Alert>
      </Stack>
    );
  }
  return <>{children}</>;
}

export function NotFoundPage() {
  return (
    <Stack>
      <Title order={1}>Page not found</Title>
      <Text>There is no page at this address. Choose one in the navigation.</Text>
    </Stack>
  );
}
