import { ChangePasswordBodySchema } from '@dexter/contracts';
import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { matchesField, useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { describeError } from '../../api/describe-error';
import { PageLoader } from '../../components/PageLoader';
import { schemaRule } from '../../lib/form-rules';
import { AuthCard } from './AuthCard';
import { sessionQueryOptions, useChangePassword } from './auth-queries';
import { safeNextPath, signInPathFor } from './next-path';

const MIN_LENGTH = 12;
const newPasswordSchema = ChangePasswordBodySchema.shape.newPassword.min(MIN_LENGTH);

/** The forced change after a one-time password, and the voluntary one; the server checks the rules too. */
export function ChangePasswordPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const session = useQuery(sessionQueryOptions());
  const change = useChangePassword();
  const forced = session.data?.mustChangePassword ?? false;
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeatPassword: '' },
    // The two new ones are checked while typing, as the rules are not obvious.
    validateInputOnChange: ['newPassword', 'repeatPassword'],
    validate: {
      currentPassword: schemaRule(
        ChangePasswordBodySchema.shape.currentPassword,
        forced ? 'Enter the one-time password' : 'Enter your current password',
      ),
      newPassword: schemaRule(newPasswordSchema, `New password: at least ${MIN_LENGTH} characters`),
      repeatPassword: matchesField('newPassword', 'The two new passwords differ'),
    },
    transformValues: ({ currentPassword, newPassword }) => ({ currentPassword, newPassword }),
  });
  // A change of the first new password can make the repeat right or wrong.
  form.watch('newPassword', () => {
    if (form.getValues().repeatPassword) form.validateField('repeatPassword');
  });

  if (session.data === undefined) return <PageLoader />;
  if (session.data === null) return <Navigate to={signInPathFor('/change-password')} replace />;

  const submit = form.onSubmit((body) =>
    change.mutate(body, { onSuccess: () => navigate(next, { replace: true }) }),
  );

  return (
    <AuthCard
      title={forced ? 'Choose your password' : 'Change password'}
      subtitle={forced ? 'You signed in with a one-time password. Choose your own to continue.' : undefined}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PasswordInput
            label={forced ? 'One-time password' : 'Current password'}
            autoComplete="current-password"
            required
            data-testid="current-password"
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label="New password"
            description={`At least ${MIN_LENGTH} characters; a phrase works well`}
            autoComplete="new-password"
            required
            data-testid="new-password"
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="New password again"
            autoComplete="new-password"
            required
            data-testid="repeat-password"
            {...form.getInputProps('repeatPassword')}
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
