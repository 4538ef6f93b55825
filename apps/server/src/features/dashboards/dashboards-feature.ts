/**
 * Dashboards (issue 16): widget grids per person, team and organization in Dexter's database.
 * Every team of the upstream (Sentry's teams, or the store's) gets a default dashboard the first
 * time the organization's dashboards are listed; a team board is read with its team's projects.
 * The widgets' data is read by the browser from Discover, issues, releases and alerts, so this
 * module only keeps the boards.
 */
import { defineFeature } from '../../platform/feature-module';
import { defaultTeamDashboard } from './dashboards-defaults';
import { dashboardsRoutes } from './dashboards-routes';
import { createDashboardsService } from './dashboards-service';

export const dashboardsFeature = defineFeature({
  name: 'dashboards',
  create({ upstream, db, now, log }) {
    const dashboards = createDashboardsService({ db, now });

    async function ensureTeamDefaults(org: string, ownerId: number): Promise<void> {
      let teams: string[];
      try {
        const page = await upstream.client.organizations.teams(org, { perPage: 100, detailed: false });
        teams = page.data.flatMap((team) => (team.slug ? [team.slug] : []));
      } catch (error) {
        // Listing the dashboards must not fail because the teams could not be read (a token
        // without `team:read`, the upstream down): the defaults are made on a later listing.
        log.warn({ err: error, org }, 'teams unreadable: no default team dashboards this time');
        return;
      }
      for (const team of teams) {
        await dashboards.createTeamDefault(org, defaultTeamDashboard(team), ownerId);
      }
    }

    /** A team's projects (Sentry's team list with `detailed=1`; the store's teams hold every project). */
    async function teamProjects(org: string, team: string) {
      try {
        const page = await upstream.client.organizations.teams(org, {
          query: team,
          perPage: 100,
          detailed: true,
        });
        const found = page.data.find((candidate) => candidate.slug === team);
        if (!found?.projects) return null;
        return found.projects.flatMap((project) =>
          project.id == null || !project.slug ? [] : [{ id: String(project.id), slug: project.slug }],
        );
      } catch (error) {
        // The board still shows, over every project, when the team cannot be read.
        log.warn({ err: error, org, team }, 'team projects unreadable: the team board shows every project');
        return null;
      }
    }

    return {
      api: async (v1) => {
        await v1.register(dashboardsRoutes, { dashboards, ensureTeamDefaults, teamProjects });
      },
      operations: [
        'dashboards.list',
        'dashboards.get',
        'dashboards.create',
        'dashboards.update',
        'dashboards.delete',
      ],
    };
  },
});
