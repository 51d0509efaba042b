import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { SortBy } from '../../common/pagination/list-query.dto.js';
import {
  PROJECT_LEVELS,
  PROJECT_STAGES,
  type ProjectLevel,
  type ProjectStage,
} from '../../projects/project.entity.js';
import { TARGET_METRICS, type TargetMetric } from '../../targets/target.entity.js';

const MONEY = (description: string) => ({ example: '1500000000.00', description });

export class YearQuery {
  @ApiPropertyOptional({
    minimum: 2000,
    maximum: 2100,
    example: 2026,
    description: "Defaults to the current year in the zone's time zone",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class OverviewQuery extends YearQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'This park with its sub-parks; without it, every park you work in',
  })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this industry cluster' })
  @IsOptional()
  @IsUUID('all')
  clusterId?: string;
}

export const PARK_SORTS = [
  'investmentVerified',
  'realizedInvestment',
  'plannedInvestment',
  'projects',
  'contractsSigned',
  'contractAmount',
  'rdInvestment',
  'projectsStarted',
  'projectsCompleted',
  'industrialOutput',
  'leadingEnterprises',
  'overdueMilestones',
  'red',
  'name',
] as const;
export type ParkSort = (typeof PARK_SORTS)[number];

export class ParksDashboardQuery extends YearQuery {
  @SortBy(PARK_SORTS)
  sort?: string;
}

export class ChainsDashboardQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Chain masters of this park and below' })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;
}

/** Projects and their money, CNY only: projects in another currency are counted, not summed. */
export class InvestmentFigures {
  @ApiProperty({ example: 97, description: 'Live key projects, each counted once' })
  projects: number;

  @ApiProperty(MONEY('Planned investment of the CNY projects, yuan'))
  plannedInvestment: string;

  @ApiProperty(MONEY('Verified (realized) investment of the CNY projects, yuan, all years'))
  realizedInvestment: string;

  @ApiProperty({ example: 0, description: 'Projects in another currency, left out of the sums' })
  otherCurrencyProjects: number;
}

export class StageFigures extends InvestmentFigures {
  @ApiProperty({ enum: PROJECT_STAGES })
  stage: ProjectStage;
}

export class LevelFigures extends InvestmentFigures {
  @ApiProperty({
    enum: PROJECT_LEVELS,
    description: 'A project with several levels is counted under each of them',
  })
  level: ProjectLevel;
}

export class ClusterFigures extends InvestmentFigures {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: no cluster' })
  clusterId: string | null;

  @ApiProperty({ nullable: true, type: String })
  clusterName: string | null;
}

export class LightCounts {
  @ApiProperty() green: number;
  @ApiProperty() yellow: number;
  @ApiProperty() red: number;

  @ApiProperty({ description: 'Closed, paused or not yet evaluated' })
  none: number;
}

/** The actual of every target metric for the year (see the README for each definition). */
export class YearActuals {
  @ApiProperty(MONEY('Tranches verified in the year, yuan'))
  investmentVerified: string;

  @ApiProperty(MONEY('R&D tranches verified in the year, yuan'))
  rdInvestment: string;

  @ApiProperty({ description: 'Contracts signed in the year, not terminated' })
  contractsSigned: number;

  @ApiProperty(MONEY('Their amount, CNY contracts only, yuan'))
  contractAmount: string;

  @ApiProperty({ description: 'Projects first under construction in the year' })
  projectsStarted: number;

  @ApiProperty({ description: 'Projects first completed in the year' })
  projectsCompleted: number;

  @ApiProperty(
    MONEY('Expected annual output of the projects in operation at the year end (a proxy), yuan'),
  )
  industrialOutput: string;

  @ApiProperty({
    description: 'Enterprises flagged Fortune Global 500, China Top 500, listed or chain master',
  })
  leadingEnterprises: number;
}

export class TargetProgress {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parkId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clusterId: string | null;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ enum: TARGET_METRICS }) metric: TargetMetric;
  @ApiProperty({ example: '270000000000.00' }) value: string;
  @ApiProperty({ example: 'CNY' }) unit: string;
  @ApiProperty({ example: '46000000.00' }) actual: string;

  @ApiProperty({ type: Number, nullable: true, example: 17, description: 'actual / value × 100' })
  percent: number | null;

  @ApiProperty({ example: 50.1, description: '序时进度: share of the year elapsed' })
  pace: number;
}

/**
 * The targets of one metric for the parks (or the cluster) an overview is of: their values
 * summed, against the actuals of the parks that set them.
 */
export class OverviewTarget {
  @ApiProperty({ enum: TARGET_METRICS }) metric: TargetMetric;
  @ApiProperty({ example: 'CNY' }) unit: string;
  @ApiProperty({ example: '270000000000.00', description: 'The targets summed' }) value: string;

  @ApiProperty({ example: '46000000.00', description: 'The actual of the parks that set them' })
  actual: string;

  @ApiProperty({ type: Number, nullable: true, example: 17, description: 'actual / value × 100' })
  percent: number | null;

  @ApiProperty({ example: 50.1, description: '序时进度: share of the year elapsed' })
  pace: number;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The targets summed (GET /targets/:id)',
  })
  targetIds: string[];
}

export class TrendWeek {
  @ApiProperty({ example: '2026-W47' }) week: string;
  @ApiProperty({ type: String, format: 'date', example: '2026-11-16' }) weekStart: string;
  @ApiProperty({ description: 'Contracts signed in the week, not terminated' }) contracts: number;
  @ApiProperty(MONEY('Their amount, CNY only, yuan')) contractAmount: string;
  @ApiProperty(MONEY('Tranches verified in the week, CNY, yuan')) verifiedInvestment: string;
  @ApiProperty({ description: 'Stage transitions recorded in the week' }) stageChanges: number;
}

export class DashboardScope {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The parks summed (each with its sub-parks)',
  })
  parkIds: string[];

  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clusterId: string | null;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ type: String, format: 'date', description: "Today in the zone's time zone" })
  today: string;
  @ApiProperty({ example: 'CNY', description: 'The currency of every amount' }) currency: string;
}

export class DashboardOverview {
  @ApiProperty({ type: DashboardScope }) scope: DashboardScope;

  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'The summaries matched the data at this instant',
  })
  asOf: Date | null;

  @ApiProperty({ type: InvestmentFigures }) projects: InvestmentFigures;
  @ApiProperty({ type: [StageFigures] }) byStage: StageFigures[];
  @ApiProperty({ type: [LevelFigures] }) byLevel: LevelFigures[];
  @ApiProperty({ type: [ClusterFigures] }) byCluster: ClusterFigures[];
  @ApiProperty({ type: LightCounts }) lights: LightCounts;
  @ApiProperty({ type: YearActuals }) year: YearActuals;
  @ApiProperty({
    type: [OverviewTarget],
    description:
      'One row per metric: the targets of the park (the cluster; without parkId, the topmost parks of your scope) for the year',
  })
  targets: OverviewTarget[];

  @ApiProperty({ description: "Open milestones due before today (zone's calendar)" })
  overdueMilestones: number;

  @ApiProperty({ type: [TrendWeek], description: '12 ISO weeks, oldest first' })
  trend: TrendWeek[];
}

export class ParkFigures {
  @ApiProperty({ example: 1, description: 'By the sort measure; ties share a rank' })
  rank: number;

  @ApiProperty({ format: 'uuid' }) parkId: string;
  @ApiProperty() parkName: string;
  @ApiProperty() parkCode: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ type: InvestmentFigures }) projects: InvestmentFigures;
  @ApiProperty({ type: LightCounts }) lights: LightCounts;
  @ApiProperty({ type: YearActuals }) year: YearActuals;
  @ApiProperty() overdueMilestones: number;
  @ApiProperty({ type: [TargetProgress] }) targets: TargetProgress[];
}

export class ParksDashboard {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ enum: PARK_SORTS.flatMap((s) => [s, `-${s}`]) }) sort: string;
  @ApiProperty({ type: Date, nullable: true }) asOf: Date | null;

  @ApiProperty({ type: [ParkFigures], description: 'Each park rolled up with its sub-parks' })
  items: ParkFigures[];
}

export class ChainEnterprise {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) parkId: string;
}

export class ChainSegmentCoverage {
  @ApiProperty({ enum: ['upstream', 'downstream'] }) position: string;
  @ApiProperty({ example: 'toner cartridges' }) name: string;

  @ApiProperty({ description: 'Declared in chain segments (false: only named by a chain link)' })
  declared: boolean;

  @ApiProperty({ type: [ChainEnterprise], description: 'Local members filling it' })
  localEnterprises: ChainEnterprise[];

  @ApiProperty({ type: [ChainEnterprise], description: 'Members filling it from elsewhere' })
  otherEnterprises: ChainEnterprise[];
}

export class ChainGap {
  @ApiProperty({ enum: ['upstream', 'downstream'] }) position: string;
  @ApiProperty() name: string;
}

export class ChainInvestment {
  @ApiProperty({ description: 'Live projects of the master and its members' }) projects: number;
  @ApiProperty(MONEY('Their realized (verified) investment, CNY, yuan'))
  realizedInvestment: string;
  @ApiProperty() otherCurrencyProjects: number;
}

export class ChainDashboardItem {
  @ApiProperty({ type: ChainEnterprise }) chainMaster: ChainEnterprise;

  @ApiProperty({ format: 'uuid', description: "The top-level park of the master's park" })
  rootParkId: string;

  @ApiProperty({ description: 'Members of the chain (as GET /enterprises/:id/chain counts)' })
  size: number;

  @ApiProperty({ description: 'Members in a park under the same top-level park as the master' })
  localMembers: number;

  @ApiProperty({ type: [ChainSegmentCoverage] }) segments: ChainSegmentCoverage[];
  @ApiProperty({ type: [ChainGap], description: 'Segments no local enterprise fills' })
  gaps: ChainGap[];
  @ApiProperty({ type: ChainInvestment }) investment: ChainInvestment;
}

export class ChainsDashboard {
  @ApiProperty({ type: Date, nullable: true }) asOf: Date | null;
  @ApiProperty({ type: [ChainDashboardItem] }) items: ChainDashboardItem[];
}

export class ViewRefreshResult {
  @ApiProperty({ example: 'dashboard_project_summary' }) view: string;
  @ApiProperty({ enum: ['forced', 'changed', 'time_zone', 'unchanged', 'paced', 'busy'] })
  outcome: string;
  @ApiPropertyOptional({ description: 'Milliseconds the refresh took' }) ms?: number;
}

export class RefreshResult {
  @ApiProperty({ type: [String] }) refreshed: string[];
  @ApiProperty({ type: [ViewRefreshResult] }) views: ViewRefreshResult[];
}
