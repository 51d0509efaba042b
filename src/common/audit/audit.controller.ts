import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, isAdmin, scopeSql } from '../auth/actor.js';
import { ApiAuth, Roles } from '../auth/auth.decorators.js';
import { Db } from '../database/db.service.js';
import { EntitySql } from '../database/entity-sql.js';
import { ApiList } from '../http/api-docs.decorators.js';
import { parseSort, WantsCsv } from '../pagination/list-query.dto.js';
import { listResponse } from '../pagination/list-page.js';
import { ListAuditQuery } from './audit.dto.js';
import { AuditLog } from './audit-log.entity.js';

@ApiTags('audit')
@ApiAuth()
@Controller('audit')
export class AuditController {
  private readonly sql: EntitySql;

  constructor(private readonly db: Db) {
    this.sql = new EntitySql(db.dataSource, AuditLog);
  }

  @Get()
  @Roles('manager')
  @ApiList(AuditLog, 'Who changed what and when (managers: records of their parks)', { csv: true })
  list(@CurrentActor() actor: Actor, @Query() query: ListAuditQuery, @WantsCsv() csv: boolean) {
    const params: unknown[] = [];
    // park-less entries (users) are the admins' only
    const where = isAdmin(actor)
      ? []
      : [`a.park_id IS NOT NULL${scopeSql(actor, 'a.park_id', params)}`];
    const filters: [keyof ListAuditQuery, string][] = [
      ['entity', 'a.entity = $'],
      ['entityId', 'a.entity_id = $'],
      ['actorId', 'a.actor_id = $'],
      ['action', 'a.action = $'],
      ['from', 'a.at >= $'],
      ['to', 'a.at < $'],
    ];
    for (const [key, predicate] of filters) {
      if (query[key] === undefined) continue;
      params.push(query[key]);
      where.push(`${predicate}${params.length}`);
    }
    const sort = parseSort(query.sort, '-at');
    return listResponse<AuditLog>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'audit' } : undefined,
      select: this.sql.select('a'),
      from: 'audit_log a',
      where,
      params,
      orderBy: `a.at ${sort.descending ? 'DESC' : 'ASC'}`,
      idColumn: sort.descending ? 'a.id DESC' : 'a.id',
      page: query.page,
      limit: query.limit,
    });
  }
}
