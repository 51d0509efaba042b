import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { listResponse } from '../common/pagination/list-page.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import type { ListNotificationsQuery } from './dto/notification.dto.js';
import { Notification } from './notification.entity.js';

/** A user's own notifications: each caller sees and marks only theirs, whatever their role. */
@Injectable()
export class NotificationsService {
  private readonly sql: EntitySql;

  constructor(private readonly db: Db) {
    this.sql = new EntitySql(db.dataSource, Notification);
  }

  list(actor: Actor, query: ListNotificationsQuery, csv = false) {
    const params: unknown[] = [actor.id];
    // user_id = $1 with created_at order: ix_notifications_user_created (unread: …_user_unread)
    const where = ['n.user_id = $1'];
    if (query.unread !== undefined) {
      where.push(query.unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
    }
    const sort = parseSort(query.sort, '-createdAt');
    const direction = sort.descending ? 'DESC' : 'ASC';
    return listResponse<Notification>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'notifications' } : undefined,
      select: this.sql.select('n'),
      from: 'notifications n',
      where,
      params,
      orderBy: `${this.sql.col(sort.field, 'n')} ${direction}`,
      idColumn: `n.id ${direction}`,
      page: query.page,
      limit: query.limit,
    });
  }

  /** Marks one read (again: keeps the first read time). Someone else's is not found. */
  async markRead(actor: Actor, id: string): Promise<Notification> {
    const row = await this.db.one<Notification>(
      `UPDATE notifications n SET read_at = coalesce(n.read_at, now())
        WHERE n.id = $1 AND n.user_id = $2
        RETURNING ${this.sql.select('n')}`,
      [id, actor.id],
    );
    if (!row) throw DomainException.notFound('Notification', id);
    return row;
  }

  async markAllRead(actor: Actor): Promise<{ updated: number }> {
    const rows = await this.db.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING 1`,
      [actor.id],
    );
    return { updated: rows.length };
  }
}
