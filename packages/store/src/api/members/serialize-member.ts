/**
 * Members and teams in Sentry's shapes: `OrganizationMemberResponse` and its `user`, and `Team`.
 *
 * The store has no separate user accounts: a member is its own user, so `user.id` equals the
 * member `id` and `assignedTo: "user:<id>"` takes either.
 */
import type { MemberSchema, SentryUserSchema, TeamSchema } from '@dexter/sentry-wire';
import type { z } from 'zod';
import type { MemberRow, ProjectRow, TeamRow } from '../../db/schema';
import { isoOf, serializeProject } from '../organizations/serialize-organization';

const LETTER_AVATAR = { avatarType: 'letter_avatar', avatarUuid: null, avatarUrl: null };

/** Sentry's `UserSerializer` output, as embedded in members, activities and `statusDetails.actor`. */
export function serializeUser(member: MemberRow) {
  const joined = isoOf(member.date_created) ?? '';
  return {
    id: String(member.id),
    name: member.name,
    username: member.username,
    email: member.email,
    avatarUrl: '',
    isActive: true,
    isSuspended: false,
    hasPasswordAuth: true,
    isManaged: false,
    dateJoined: joined,
    lastLogin: null,
    has2fa: false,
    lastActive: null,
    isSuperuser: false,
    isStaff: false,
    experiments: {},
    emails: [{ id: String(member.id), email: member.email, is_verified: true }],
    avatar: LETTER_AVATAR,
  } satisfies z.input<typeof SentryUserSchema>;
}

export function serializeMember(member: MemberRow, teamSlugs: string[]) {
  return {
    id: String(member.id),
    email: member.email,
    name: member.name,
    user: serializeUser(member),
    orgRole: member.role,
    role: member.role,
    roleName: member.role.charAt(0).toUpperCase() + member.role.slice(1),
    pending: false,
    expired: false,
    flags: {
      'idp:provisioned': false,
      'idp:role-restricted': false,
      'sso:linked': false,
      'sso:invalid': false,
      'member-limit:restricted': false,
      'partnership:restricted': false,
    },
    dateCreated: isoOf(member.date_created),
    inviteStatus: 'approved',
    inviterName: null,
    teams: teamSlugs,
  } satisfies z.input<typeof MemberSchema>;
}

/** In the store every team has access to every project of its organization. */
export function serializeTeam(
  team: TeamRow,
  info: { memberCount: number; isMember: boolean; projects: ProjectRow[] | null },
) {
  return {
    id: String(team.id),
    slug: team.slug,
    name: team.name,
    dateCreated: isoOf(team.date_created),
    isMember: info.isMember,
    teamRole: info.isMember ? 'contributor' : null,
    flags: { 'idp:provisioned': false },
    access: ['event:read', 'event:write', 'project:read', 'team:read', 'member:read', 'org:read'],
    hasAccess: true,
    isPending: false,
    memberCount: info.memberCount,
    avatar: LETTER_AVATAR,
    externalTeams: [],
    ...(info.projects
      ? {
          projects: info.projects.map((project) => ({
            ...serializeProject(project, []),
            isInternal: false,
            isPublic: false,
            avatar: LETTER_AVATAR,
            color: '#3f70b3',
            status: 'active',
          })),
        }
      : {}),
  } satisfies z.input<typeof TeamSchema>;
}
