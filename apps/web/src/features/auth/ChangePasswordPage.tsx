import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { describeError } from '../../api/describe-error';
import { PageLoader } from '../../components/PageLoader';
import { AuthCard } from './AuthCard';
import { sessionQueryOptions, useChangePassword } from './auth-queries';
import { safeNextPath, signInPathFor } from './next-path';

const MIN_LENGTH = 12;

/** The forced change after a one-time password, and the voluntary one; the server checks the rules too. */
export function ChangePasswordPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const session = useQuery(sessionQueryOptions());
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [fresh, setFresh] = useState('');
  const [repeat, setRepeat] = useState('');

  if (session.data === undefined) return <PageLoader />;
  if (session.data === null) return <Navigate to={signInPathFor('/change-password')} replace />;

  const problem =
    fresh.length > 0 && fresh.length < MIN_LENGTH
      ? `At least ${MIN_LENGTH} characters`
      : repeat.length > 0 && repeat !== fresh
        ? 'The two new passwords differ'
        : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem || fresh !== repeat) return;
    change.mutate(
      { currentPassword: current, newPassword: fresh },
      { onSuccess: () => navigate(next, { replace: true }) },
    );
  };
  const forced = session.data.mustChangePassword;

  return (
    <AuthCard
      title={forced ? 'Choose your password' : 'Change password'}
      subtitle={forced ? 'You signed in with a one-time password. Choose your own to continue.' : undefined}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <PasswordInput
            label={forced ? 'One-time password' : 'Current password'}
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            data-testid="current-password"
          />
          <PasswordInput
            label="New password"
            description={`At least ${MIN_LENGTH} characters; a phrase works well`}
            autoComplete="new-password"
            required
            value={fresh}
            onChange={(e) => setFresh(e.currentTarget.value)}
            data-testid="new-password"
          />
          <PasswordInput
            label="New password again"
            autoComplete="new-password"
            required
            value={repeat}
            error={problem}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            data-testid="repeat-password"
          />
          {change.isError && (
            <Alert color="red" variant="light" role="alert" data-testid="change-password-error">
              {describeError(change.error).message}
            </Alert>
          )}
          <Button type="submit" loading={change.isPending} data-testid="change-password-submit">
            Save password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
