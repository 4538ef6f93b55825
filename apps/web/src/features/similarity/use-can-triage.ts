/** The signed-in user's powers as the similarity UI needs them; the server is the one that enforces. */
import { roleAtLeast } from '@dexter/contracts';
import { useQuery } from '@tanstack/react-query';
import { sessionQueryOptions } from '../auth/auth-queries';

/** Whether the signed-in user may give verdicts and act (the server checks again on every call). */
export function useCanTriage(): { triage: boolean; admin: boolean } {
  const role = useQuery(sessionQueryOptions()).data?.role;
  return { triage: role ? roleAtLeast(role, 'triager') : false, admin: role === 'admin' };
}
