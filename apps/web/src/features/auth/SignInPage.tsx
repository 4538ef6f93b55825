import { SignInBodySchema } from '@dexter/contracts';
import { Alert, Button, Divider, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { describeError } from '../../api/describe-error';
import { schemaRule } from '../../lib/form-rules';
import { AuthCard } from './AuthCard';
import { authConfigQueryOptions, sessionQueryOptions, useSignIn } from './auth-queries';
import { safeNextPath } from './next-path';

/** Local sign-in, plus "Sign in with SSO" when the server has OIDC configured. */
export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const session = useQuery(sessionQueryOptions());
  const config = useQuery(authConfigQueryOptions());
  const signIn = useSignIn();
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: {
      username: schemaRule(SignInBodySchema.shape.username, 'Enter your user name'),
      password: schemaRule(SignInBodySchema.shape.password, 'Enter your password'),
    },
  });

  if (session.data) return <Navigate to={next} replace />;

  const submit = form.onSubmit((body) =>
    signIn.mutate(body, { onSuccess: () => navigate(next, { replace: true }) }),
  );
  const ssoFailed = params.get('error') === 'sso';

  return (
    <AuthCard
      title="Sign in"
      subtitle={
        config.data?.mode === 'companion'
          ? 'Dexter holds your Sentry token: everything behind this page needs an account.'
          : 'Everything behind this page needs a Dexter account.'
      }
    >
      {ssoFailed && (
        <Alert color="red" variant="light" data-testid="sso-error">
          Single sign-on did not complete. Try again, or sign in with your Dexter account.
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="User name"
            autoComplete="username"
            required
            autoFocus
            data-testid="sign-in-username"
            {...form.getInputProps('username')}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            data-testid="sign-in-password"
            {...form.getInputProps('password')}
          />
          {signIn.isError && (
            <Alert color="red" variant="light" role="alert" data-testid="sign-in-error">
              {describeError(signIn.error).message}
            </Alert>
          )}
          <Button type="submit" loading={signIn.isPending} data-testid="sign-in-submit">
            Sign in
          </Button>
        </Stack>
      </form>
      {config.data?.oidc && (
        <>
          <Divider label="or" labelPosition="center" />
          <Button component="a" href={config.data.oidc.startUrl} variant="default" data-testid="sign-in-sso">
            Sign in with SSO
          </Button>
        </>
      )}
    </AuthCard>
  );
}
