import { Anchor, Container } from '@mantine/core';
import { Link, useRouteError } from 'react-router-dom';
import { EmptyMessage } from '../components/EmptyMessage';
import { ErrorState } from '../components/ErrorState';

/** A render error or a failed lazy chunk: say so, and offer the way home. */
export function RouteErrorPage() {
  const error = useRouteError();
  return (
    <Container size="sm" py="xl">
      <ErrorState title="This page failed to render" error={error} onRetry={() => window.location.reload()} />
    </Container>
  );
}

export function NotFoundPage() {
  return (
    <EmptyMessage title="Page not found" description="Nothing lives at this address.">
      <Anchor component={Link} to="/">
        Go to the issue stream
      </Anchor>
    </EmptyMessage>
  );
}
