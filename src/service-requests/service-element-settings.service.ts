import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { writeAudit } from '../common/audit/audit.writer.js';
import type { Actor } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { DomainException } from '../common/errors/domain.exception.js';
import {
  SERVICE_ELEMENTS,
  type ServiceElement,
  ServiceElementSetting,
} from './service-request.entity.js';

// The namespace of the name-based ids below (any fixed UUID will do; never change it).
const SETTING_NAMESPACE = '6f1c2b9e-4d3a-4f7e-9b1a-5c8d2e7f0a13';

/**
 * audit_log.entity_id is a uuid and a setting is keyed by its element name, so its audit rows
 * carry a name-based UUID (RFC 4122 version 5): the same element always gets the same id.
 */
export function settingAuditId(element: ServiceElement): string {
  const namespace = Buffer.from(SETTING_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(element).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ELEMENT_ORDER = `array_position(ARRAY[${SERVICE_ELEMENTS.map((e) => `'${e}'`).join(',')}]::varchar[], s.element)`;

/** The default time to answer a request, per element of the six-elements guarantee. */
@Injectable()
export class ServiceElementSettingsService {
  private readonly sql: EntitySql;

  constructor(private readonly db: Db) {
    this.sql = new EntitySql(db.dataSource, ServiceElementSetting);
  }

  list(): Promise<ServiceElementSetting[]> {
    return this.db.query<ServiceElementSetting>(
      `SELECT ${this.sql.select('s')} FROM service_element_settings s ORDER BY ${ELEMENT_ORDER}`,
    );
  }

  /** today + the element's default due days, as a calendar date. */
  async defaultDueDate(
    element: ServiceElement,
    today: string,
    q: Queryable = this.db,
  ): Promise<string> {
    const row = await q.one<{ dueDate: string }>(
      `SELECT ($2::date + s.default_due_days)::text AS "dueDate"
         FROM service_element_settings s WHERE s.element = $1`,
      [element, today],
    );
    // the migration seeds every element and nothing deletes one
    if (!row) throw new Error(`No service_element_settings row for ${element}`);
    return row.dueDate;
  }

  async update(
    actor: Actor,
    element: string,
    defaultDueDays: number,
  ): Promise<ServiceElementSetting> {
    if (!(SERVICE_ELEMENTS as readonly string[]).includes(element)) {
      throw DomainException.validation('element', `must be one of: ${SERVICE_ELEMENTS.join(', ')}`);
    }
    return this.db.transaction(async (tx) => {
      const before = await tx.one<ServiceElementSetting>(
        `SELECT ${this.sql.select('s')} FROM service_element_settings s
          WHERE s.element = $1 FOR UPDATE`,
        [element],
      );
      const [after] = await tx.query<ServiceElementSetting>(
        `INSERT INTO service_element_settings AS s (element, default_due_days) VALUES ($1, $2)
         ON CONFLICT (element) DO UPDATE SET default_due_days = EXCLUDED.default_due_days
         RETURNING ${this.sql.select('s')}`,
        [element, defaultDueDays],
      );
      await writeAudit(tx, actor, {
        entity: 'service_element_setting',
        entityId: settingAuditId(element as ServiceElement),
        parkId: null,
        action: before ? 'update' : 'create',
        before: before ?? null,
        after,
      });
      return after;
    });
  }
}
