import { Inject, Injectable } from '@nestjs/common';
import {
  deleteAudited,
  insertAudited,
  updateAudited,
  updateRow,
  writeAudit,
  type GuardBuilder,
} from '../common/audit/audit.writer.js';
import { type Actor, isAdmin, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { CommonErrorCode } from '../common/errors/error-code.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { likePattern, listResponse } from '../common/pagination/list-page.js';
import { assertTransition, type TransitionGraph } from '../common/state/state-machine.js';
import { dateInZone } from '../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import type { Project } from '../projects/project.entity.js';
import { ProjectsService } from '../projects/projects.service.js';
import { Contract, type ContractStatus } from './contract.entity.js';
import type {
  CreateContractDto,
  ListContractsQuery,
  UpdateContractDto,
} from './dto/contract.dto.js';

/** signed → registered → funds_in_place, one step at a time; terminated before the funds arrive. */
export const CONTRACT_TRANSITIONS: TransitionGraph<ContractStatus> = {
  // forward only, skips allowed: funds can arrive before the registration is filed
  signed: ['registered', 'funds_in_place', 'terminated'],
  registered: ['funds_in_place', 'terminated'],
  funds_in_place: [],
  terminated: [],
};

interface References {
  parkId: string;
  enterpriseId?: string | null;
  eventId?: string | null;
  visitId?: string | null;
  projectId?: string | null;
}

const LINKS = ['enterpriseId', 'eventId', 'visitId', 'projectId'] as const;

/** Agreements signed with investors, where they were won, and the key projects they become. */
@Injectable()
export class ContractsService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly projects: ProjectsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sql = new EntitySql(db.dataSource, Contract);
  }

  async list(actor: Actor, query: ListContractsQuery, csv = false) {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [`true${scopeSql(actor, 'c.park_id', params)}`];
    if (query.parkId) {
      where.push(
        `c.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ${p(query.parkId)})`,
      );
    }
    if (query.status?.length) where.push(`c.status = ANY(${p(query.status)}::varchar[])`);
    if (query.enterpriseId) where.push(`c.enterprise_id = ${p(query.enterpriseId)}`);
    if (query.eventId) where.push(`c.event_id = ${p(query.eventId)}`);
    if (query.visitId) where.push(`c.visit_id = ${p(query.visitId)}`);
    if (query.projectId) where.push(`c.project_id = ${p(query.projectId)}`);
    if (query.from) where.push(`c.signed_at >= ${p(query.from)}::date`);
    if (query.to) where.push(`c.signed_at <= ${p(query.to)}::date`);
    if (query.q) {
      const pattern = p(likePattern(query.q));
      where.push(`(c.code ILIKE ${pattern} OR c.title ILIKE ${pattern})`);
    }
    const sort = parseSort(query.sort, '-signedAt');
    return listResponse<Contract>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'contracts' } : undefined,
      select: this.sql.select('c'),
      from: 'contracts c',
      where,
      params,
      orderBy: `${this.sql.col(sort.field, 'c')} ${sort.descending ? 'DESC' : 'ASC'}`,
      idColumn: 'c.id',
      page: query.page,
      limit: query.limit,
    });
  }

  async get(actor: Actor, id: string, q: Queryable = this.db, lock = false): Promise<Contract> {
    const params: unknown[] = [id];
    const row = await q.one<Contract>(
      `SELECT ${this.sql.select('c')} FROM contracts c
        WHERE c.id = $1${scopeSql(actor, 'c.park_id', params)}${lock ? ' FOR UPDATE' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Contract', id);
    return row;
  }

  async create(actor: Actor, dto: CreateContractDto): Promise<Contract> {
    this.assertSignedAt(dto.signedAt);
    // scope and reference checks ride in the INSERT itself: one round trip on the happy path
    const row = await insertAudited<Contract>(
      this.db,
      this.sql,
      'contract',
      { ...dto, createdBy: actor.id },
      actor,
      { fromRow: 'parkId' },
      this.referencesOk(actor, dto),
    );
    if (row) return row;
    return this.explainReferences(actor, dto);
  }

  async update(actor: Actor, id: string, dto: UpdateContractDto): Promise<Contract> {
    return this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      assertVersion('Contract', before, dto.version);
      const patch = patchOf(dto);
      for (const key of LINKS) {
        const value = patch[key];
        if (typeof value === 'string') patch[key] = value.toLowerCase();
      }
      const merged = { ...before, ...patch } as Contract;
      if (dto.signedAt) this.assertSignedAt(dto.signedAt);
      if (dto.status && dto.status !== before.status) {
        assertTransition('A contract', CONTRACT_TRANSITIONS, before.status, dto.status);
      }
      if (merged.projectId !== before.projectId) await this.assertNotMadeFromIt(tx, before);
      const moved = merged.parkId !== before.parkId;
      const changed: References = { parkId: merged.parkId };
      for (const key of LINKS) {
        // a kept event, visit or project must still fit the new park
        const recheck = moved && key !== 'enterpriseId';
        if (merged[key] && (merged[key] !== before[key] || recheck)) changed[key] = merged[key];
      }
      if (moved || Object.keys(changed).length > 1) {
        const params: unknown[] = [];
        const ok = await tx.one<{ ok: boolean }>(
          `SELECT ${this.referencesOk(actor, changed)((v) => (params.push(v), `$${params.length}`))} AS ok`,
          params,
        );
        if (!ok?.ok) await this.explainReferences(actor, changed, tx);
      }
      return updateAudited<Contract>(tx, actor, this.sql, 'contract', before, patch);
    });
  }

  /** A contract that became a key project stays while the project does: it is its record. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      const made = await tx.one<{ code: string }>(
        `SELECT code FROM projects WHERE contract_id = $1 AND deleted_at IS NULL`,
        [id],
      );
      if (made) {
        throw DomainException.conflict(
          `Key project ${made.code} was created from this contract; delete the project first`,
          CommonErrorCode.InUse,
        );
      }
      await deleteAudited(tx, actor, this.sql, 'contract', before, before.parkId);
    });
  }

  /**
   * The key project made from the contract, at stage signed, linked both ways, both rows audited,
   * in one transaction holding the contract row: a second call waits, then finds the link (409).
   */
  async createProject(actor: Actor, id: string): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const contract = await this.get(actor, id, tx, true);
      if (contract.status === 'terminated') {
        throw DomainException.conflict(`Contract ${contract.code} is terminated`);
      }
      if (contract.projectId) {
        throw DomainException.conflict(
          `Contract ${contract.code} already has key project ${contract.projectId}`,
          CommonErrorCode.AlreadyExists,
        );
      }
      // a code taken in the park fails here (409) and rolls everything back
      const project = await insertAudited<Project>(
        tx,
        this.projects.sql,
        'project',
        {
          code: contract.code,
          name: contract.title,
          parkId: contract.parkId,
          enterpriseId: contract.enterpriseId,
          stage: 'signed',
          signedAt: contract.signedAt,
          plannedInvestment: contract.amount,
          currency: contract.currency,
          contractId: contract.id,
          // as on POST /projects: an officer who creates a project is its officer
          officerId: actor.role === 'officer' ? actor.id : undefined,
          createdBy: actor.id,
        },
        actor,
        { fromRow: 'parkId' },
      );
      const after = await updateRow<Contract>(tx, this.sql, id, { projectId: project.id });
      await writeAudit(tx, actor, {
        entity: 'contract',
        entityId: id,
        parkId: after.parkId,
        action: 'update',
        before: contract,
        after,
      });
      return project;
    });
  }

  private assertSignedAt(signedAt: string) {
    const today = dateInZone(new Date(), this.config.zoneTimeZone);
    if (signedAt > today) {
      throw DomainException.validation(
        'signedAt',
        `must not be after today (${today} in ${this.config.zoneTimeZone})`,
      );
    }
  }

  /** The project made from this contract keeps its link: it cannot be swapped or cleared. */
  private async assertNotMadeFromIt(tx: Queryable, before: Contract) {
    if (!before.projectId) return;
    const made = await tx.one(`SELECT 1 FROM projects WHERE id = $1 AND contract_id = $2`, [
      before.projectId,
      before.id,
    ]);
    if (made) {
      throw DomainException.conflict(
        'projectId cannot change: the key project was created from this contract',
      );
    }
  }

  /**
   * One SQL condition: park visible, enterprise visible, the event and the visit held by the
   * park or a park above it, the project one of the same park.
   */
  private referencesOk(actor: Actor, r: References): GuardBuilder {
    return (param) => {
      const scope = isAdmin(actor) ? undefined : param(actor.parkIds);
      const inScope = (expr: string) =>
        scope
          ? ` AND ${expr} IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ANY(${scope}::uuid[]))`
          : '';
      const park = param(r.parkId);
      const atOrAbove = (expr: string) =>
        `EXISTS (SELECT 1 FROM park_closure pc WHERE pc.ancestor_id = ${expr} AND pc.descendant_id = ${park}::uuid)`;
      const checks = [
        `EXISTS (SELECT 1 FROM parks x WHERE x.id = ${park}::uuid${inScope('x.id')})`,
      ];
      if (r.enterpriseId) {
        checks.push(
          `EXISTS (SELECT 1 FROM enterprises e WHERE e.id = ${param(r.enterpriseId)}::uuid${inScope('e.park_id')})`,
        );
      }
      if (r.eventId) {
        checks.push(
          `EXISTS (SELECT 1 FROM events v WHERE v.id = ${param(r.eventId)}::uuid AND ${atOrAbove('v.park_id')})`,
        );
      }
      if (r.visitId) {
        checks.push(
          `EXISTS (SELECT 1 FROM visits v WHERE v.id = ${param(r.visitId)}::uuid AND ${atOrAbove('v.park_id')})`,
        );
      }
      if (r.projectId) {
        checks.push(
          `EXISTS (SELECT 1 FROM projects p WHERE p.id = ${param(r.projectId)}::uuid
                     AND p.park_id = ${park}::uuid AND p.deleted_at IS NULL)`,
        );
      }
      return checks.join(' AND ');
    };
  }

  /** Finds which reference failed and throws the matching 404 or 400. */
  private async explainReferences(
    actor: Actor,
    r: References,
    q: Queryable = this.db,
  ): Promise<never> {
    const parkParams: unknown[] = [r.parkId];
    const park = await q.one(
      `SELECT 1 FROM parks p WHERE p.id = $1${scopeSql(actor, 'p.id', parkParams)}`,
      parkParams,
    );
    if (!park) throw DomainException.notFound('Park', r.parkId);
    if (r.enterpriseId) {
      const params: unknown[] = [r.enterpriseId];
      const enterprise = await q.one(
        `SELECT 1 FROM enterprises e WHERE e.id = $1${scopeSql(actor, 'e.park_id', params)}`,
        params,
      );
      if (!enterprise)
        throw DomainException.validation('enterpriseId', 'must be an enterprise in your parks');
    }
    const heldAbove = `AND EXISTS (SELECT 1 FROM park_closure pc
                                    WHERE pc.ancestor_id = v.park_id AND pc.descendant_id = $2)`;
    if (r.eventId) {
      const event = await q.one(`SELECT 1 FROM events v WHERE v.id = $1 ${heldAbove}`, [
        r.eventId,
        r.parkId,
      ]);
      if (!event) {
        throw DomainException.validation(
          'eventId',
          "must be an event held in the contract's park or a park above it",
        );
      }
    }
    if (r.visitId) {
      const visit = await q.one(`SELECT 1 FROM visits v WHERE v.id = $1 ${heldAbove}`, [
        r.visitId,
        r.parkId,
      ]);
      if (!visit) {
        throw DomainException.validation(
          'visitId',
          "must be a visit of the contract's park or a park above it",
        );
      }
    }
    if (r.projectId) {
      const project = await q.one(
        `SELECT 1 FROM projects WHERE id = $1 AND park_id = $2 AND deleted_at IS NULL`,
        [r.projectId, r.parkId],
      );
      if (!project)
        throw DomainException.validation('projectId', 'must be a key project of the same park');
    }
    // every reference checks out now: one changed between the two looks
    throw DomainException.conflict('A referenced record changed meanwhile; retry');
  }
}
