import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { BrandMark } from '../components/BrandMark';
import { useSession } from '../session';

interface FieldErrors {
  email?: string;
  password?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** What the form itself can tell before asking the server. */
export function validateLogin(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = 'Enter your e-mail address';
  else if (!EMAIL.test(email.trim())) errors.email = 'Enter an e-mail address such as name@example.com';
  if (!password) errors.password = 'Enter your password';
  return errors;
}

export function LoginPage() {
  const { branding, login } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const errors = validateLogin(email, password);
    setFieldErrors(errors);
    if (errors.email || errors.password) {
      document.getElementById(errors.email ? 'login-email' : 'login-password')?.focus();
      return;
    }
    setBusy(true);
    try {
      await login(email.trim(), password);
    } catch (error) {
      if (error instanceof ApiError) {
        setFieldErrors({ email: error.reasonFor('email'), password: error.reasonFor('password') });
        setFailure(error.detail || error.title);
      } else {
        setFailure('The server could not be reached. Check your connection and try again.');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={400}>
        <form onSubmit={submit} noValidate aria-labelledby="login-title">
          <Stack>
            <BrandMark branding={branding} size="lg" />
            <Title order={1} size="h3" id="login-title">
              Sign in to the Control Centre
            </Title>
            {failure && (
              <Alert color="red" title="Sign-in failed" role="alert">
                {failure}
              </Alert>
            )}
            <TextInput
              id="login-email"
              label="E-mail address"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => {
                setEmail(event.currentTarget.value);
                setFieldErrors((errors) => ({ ...errors, email: undefined }));
              }}
              error={fieldErrors.email}
            />
            <PasswordInput
              id="login-password"
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => {
                setPassword(event.currentTarget.value);
                setFieldErrors((errors) => ({ ...errors, password: undefined }));
              }}
              error={fieldErrors.password}
            />
            <Button type="submit" loading={busy} fullWidth>
              Sign in
            </Button>
            {branding.support_email && (
              <Text size="sm" c="dimmed">
                Trouble signing in? Write to {branding.support_email}.
              </Text>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
