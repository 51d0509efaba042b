/**
 * The maintained summaries (materialized views of migration DashboardSummaries) and the base
 * tables each one is computed from: a view is refreshed only when the change counters of its
 * base tables moved since its last refresh.
 */

/** cluster_key of a summary row holding every cluster of the park (the park's total). */
export const ALL_CLUSTERS = '00000000-0000-0000-0000-000000000000';
/** park_id of the summary rows holding the whole zone (every park). */
export const ZONE = '00000000-0000-0000-0000-000000000000';
/** cluster_key of the projects (contracts, enterprises…) that have no cluster. */
export const NO_CLUSTER = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

export interface SummaryView {
  name: string;
  /** tables whose inserts, updates and deletes can change the view */
  tables: string[];
}

export const SUMMARY_VIEWS: readonly SummaryView[] = [
  { name: 'dashboard_project_summary', tables: ['projects', 'park_closure'] },
  {
    name: 'dashboard_weekly_activity',
    tables: [
      'contracts',
      'investment_tranches',
      'project_transitions',
      'projects',
      'park_closure',
      'dashboard_settings',
    ],
  },
  {
    name: 'dashboard_yearly_actuals',
    tables: [
      'contracts',
      'investment_tranches',
      'project_transitions',
      'projects',
      'park_closure',
      'dashboard_settings',
    ],
  },
  {
    name: 'dashboard_output_spans',
    tables: ['project_transitions', 'projects', 'park_closure', 'dashboard_settings'],
  },
  { name: 'dashboard_open_milestones', tables: ['milestones', 'projects', 'park_closure'] },
  { name: 'dashboard_enterprise_summary', tables: ['enterprises', 'park_closure'] },
  { name: 'dashboard_enterprise_investment', tables: ['projects'] },
];

/** Views whose calendar buckets depend on the zone's time zone. */
export const ZONED_VIEWS = SUMMARY_VIEWS.filter((v) => v.tables.includes('dashboard_settings'));

/**
 * The instant the summaries last matched the data: each view was refreshed or found unchanged
 * at (or after) it. Statistics reach the counters up to a few seconds after a commit.
 */
export const AS_OF_SQL = `(SELECT min(GREATEST(r.refreshed_at, r.checked_at)) FROM dashboard_refreshes r)`;
