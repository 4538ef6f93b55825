/**
 * The alert rules of the bench: `count` active rules of every kind on one project (the worst case:
 * every event is judged against all of them), created through the store's legacy `/rules/`
 * endpoint as any client would. Frequencies and user counts over windows from a minute to a day
 * (half of them in an environment), new-issue rules with level and tag filters, regression rules
 * with a release filter; thresholds from 50 up, so the hottest issues do fire some of them.
 */
const IDS = {
  frequency: 'sentry.rules.conditions.event_frequency.EventFrequencyCondition',
  users: 'sentry.rules.conditions.event_frequency.EventUniqueUserFrequencyCondition',
  firstSeen: 'sentry.rules.conditions.first_seen_event.FirstSeenEventCondition',
  regression: 'sentry.rules.conditions.regression_event.RegressionEventCondition',
  level: 'sentry.rules.filters.level.LevelFilter',
  tag: 'sentry.rules.filters.tagged_event.TaggedEventFilter',
  attribute: 'sentry.rules.filters.event_attribute.EventAttributeFilter',
  app: 'sentry.rules.actions.notify_event_sentry_app.NotifyEventSentryAppAction',
};
const WINDOWS = ['1m', '5m', '15m', '1h', '1d'];
const inApp = {
  id: IDS.app,
  sentryAppInstallationUuid: 'dexter',
  settings: [{ name: 'kind', value: 'in_app' }],
};

export function benchRule(i: number): Record<string, unknown> {
  const window = WINDOWS[i % WINDOWS.length];
  const environment = i % 2 === 0 ? 'production' : null;
  const base = {
    name: `bench rule ${i}`,
    frequency: 60,
    actionMatch: 'any',
    filterMatch: 'all',
    environment,
    actions: [inApp],
  };
  switch (i % 4) {
    case 0:
      return {
        ...base,
        conditions: [{ id: IDS.frequency, value: 50 + (i % 20) * 50, interval: window }],
        filters: [],
      };
    case 1:
      return {
        ...base,
        conditions: [{ id: IDS.users, value: 50 + (i % 10) * 25, interval: window }],
        filters: [],
      };
    case 2:
      return {
        ...base,
        conditions: [{ id: IDS.firstSeen }],
        filters: [
          { id: IDS.level, match: 'gte', level: '40' },
          { id: IDS.tag, key: 'server_name', match: 'ns', value: '' },
        ],
      };
    default:
      return {
        ...base,
        conditions: [{ id: IDS.regression }],
        filters: [{ id: IDS.attribute, attribute: 'release', match: 'sw', value: 'shop@' }],
      };
  }
}

export async function createRules(
  origin: string,
  token: string,
  org: string,
  project: string,
  rules: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  for (const rule of rules) {
    const response = await fetch(`${origin}/api/0/projects/${org}/${project}/rules/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(rule),
    });
    if (response.status !== 201)
      throw new Error(`creating a rule answered ${response.status}: ${await response.text()}`);
  }
}
