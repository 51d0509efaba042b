import { Init1795308526587 } from '../../migrations/1795308526587-Init.js';
import { VisitsEventsContractsServiceRequests1795310503059 } from '../../migrations/1795310503059-VisitsEventsContractsServiceRequests.js';
import { Workflow1795311742243 } from '../../migrations/1795311742243-Workflow.js';
import { JobsNotificationsReports1795313641448 } from '../../migrations/1795313641448-JobsNotificationsReports.js';
import { TargetsChainSegmentsImports1795315818875 } from '../../migrations/1795315818875-TargetsChainSegmentsImports.js';
import { DashboardSummaries1795316315032 } from '../../migrations/1795316315032-DashboardSummaries.js';
import { IdempotencyKeys1795321903292 } from '../../migrations/1795321903292-IdempotencyKeys.js';
import { OutboxCorrelationId1795400000000 } from '../../migrations/1795400000000-OutboxCorrelationId.js';

/**
 * Every migration, oldest first. Listed by hand rather than found by a glob: TypeORM's glob
 * loader imports files through an eval'd import() that breaks under Jest's module registry.
 * A test checks this list against the files in migrations/.
 */
export const MIGRATIONS = [
  Init1795308526587,
  VisitsEventsContractsServiceRequests1795310503059,
  Workflow1795311742243,
  JobsNotificationsReports1795313641448,
  TargetsChainSegmentsImports1795315818875,
  DashboardSummaries1795316315032,
  IdempotencyKeys1795321903292,
  OutboxCorrelationId1795400000000,
];
