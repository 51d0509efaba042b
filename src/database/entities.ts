import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity.js';
import { AuditLog } from '../common/audit/audit-log.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { EventEnterprise, PromotionEvent } from '../events/event.entity.js';
import { ChainLink } from '../enterprises/chain-link.entity.js';
import { ChainSegment } from '../enterprises/chain-segment.entity.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { ProjectImport } from '../imports/project-import.entity.js';
import { InvestmentTranche } from '../investments/investment-tranche.entity.js';
import { Milestone } from '../milestones/milestone.entity.js';
import { Notification } from '../notifications/notification.entity.js';
import { OutboxMessage } from '../outbox/outbox-message.entity.js';
import { IndustryCluster } from '../parks/cluster.entity.js';
import { ParkClosure } from '../parks/park-closure.entity.js';
import { Park } from '../parks/park.entity.js';
import { ProgressUpdate } from '../progress/progress-update.entity.js';
import { Target } from '../targets/target.entity.js';
import { Project } from '../projects/project.entity.js';
import { Reminder } from '../reminders/reminder.entity.js';
import { Report } from '../reports/report.entity.js';
import {
  ServiceElementSetting,
  ServiceRequest,
} from '../service-requests/service-request.entity.js';
import { User, UserPark } from '../users/user.entity.js';
import { VisitFollowUp } from '../visits/follow-up.entity.js';
import {
  Assessment,
  AssessmentFormula,
  AssessmentScore,
} from '../workflow/assessment/assessment.entity.js';
import { WarningRule } from '../workflow/health/warning-rule.entity.js';
import { ProjectTransition } from '../workflow/project-transition.entity.js';
import { Inspection } from '../workflow/supervision/inspection.entity.js';
import {
  SupervisionItem,
  SupervisionStepRecord,
} from '../workflow/supervision/supervision-item.entity.js';
import { Visit, VisitEnterprise, VisitProject } from '../visits/visit.entity.js';

/** Every entity the data source knows; the migrations are the schema, these describe it. */
export const ENTITIES = [
  Park,
  ParkClosure,
  IndustryCluster,
  User,
  UserPark,
  Enterprise,
  ChainLink,
  Project,
  Milestone,
  ProgressUpdate,
  InvestmentTranche,
  AuditLog,
  Visit,
  VisitEnterprise,
  VisitProject,
  VisitFollowUp,
  PromotionEvent,
  EventEnterprise,
  Contract,
  ServiceRequest,
  ServiceElementSetting,
  ProjectTransition,
  WarningRule,
  SupervisionItem,
  SupervisionStepRecord,
  Inspection,
  AssessmentFormula,
  Assessment,
  AssessmentScore,
  OutboxMessage,
  Notification,
  Reminder,
  Report,
  Target,
  ChainSegment,
  ProjectImport,
  IdempotencyKey,
];
