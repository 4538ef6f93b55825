import { useQuery } from '@tanstack/react-query';
import { Outlet } from 'react-router-dom';
import { EmptyMessage } from '../../components/EmptyMessage';
import { sessionQueryOptions } from './auth-queries';

/** Admin pages: others see why they cannot (the server refuses their calls either way). */
export function RequireAdmin() {
  const session = useQuery(sessionQueryOptions());
  if (session.data?.role !== 'admin') {
    return <EmptyMessage title="Admins only" description="This page needs the admin role." />;
  }
  return <Outlet />;
}
