import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { writeAudit } from '../common/audit/audit.writer.js';
import { type Actor, isAdmin, scopeSql } from '../common/auth/actor.js';
import { ActorLoader } from '../common/auth/actor.loader.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { likePattern, listResponse } from '../common/pagination/list-page.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import type {
  CreateUserDto,
  ListUsersQuery,
  UpdateMeDto,
  UpdateUserDto,
  UserView,
} from './dto/user.dto.js';
import { FIRST_ADMIN_SQL } from './first-admin.js';
import { hashPassword, verifyPassword } from './password.js';
import { User } from './user.entity.js';

/** A user's parks; a manager looking at someone else sees only the parks in their own scope. */
function parkIdsSql(actor: Actor, params: unknown[], userId?: string): string {
  const scope = isAdmin(actor) || userId === actor.id ? '' : scopeSql(actor, 'up.park_id', params);
  return parkIdsIn(scope);
}

/** `scope`: a scopeSql fragment over `up.park_id`, or '' for every park. */
const parkIdsIn = (scope: string) =>
  `COALESCE((SELECT array_agg(up.park_id ORDER BY up.park_id) FROM user_parks up
              WHERE up.user_id = u.id${scope}), '{}') AS "parkIds"`;

/** What audit keeps of a user: never the hash. */
const auditable = (user: UserView) => ({ ...user });

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly actors: ActorLoader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sql = new EntitySql(db.dataSource, User, ['passwordHash']);
  }

  /** The first admin, created at boot when there is no user at all. */
  async onApplicationBootstrap() {
    const admin = this.config.admin;
    if (!admin) {
      const any = await this.db.one('SELECT 1 FROM users LIMIT 1');
      if (!any) this.logger.warn('No user exists and ADMIN_EMAIL/ADMIN_PASSWORD are not set');
      return;
    }
    const passwordHash = await hashPassword(admin.password);
    const created = await this.db.query(FIRST_ADMIN_SQL, [admin.email, passwordHash]);
    if (created.length) this.logger.log(`Created the first admin ${admin.email}`);
  }

  async list(actor: Actor, query: ListUsersQuery, csv = false) {
    const params: unknown[] = [];
    const where: string[] = [];
    // one parameter for the caller's parks, in the filter and in parkIds alike: the count of a
    // page past the end runs without the select list, and each parameter must appear in it
    const scope = scopeSql(actor, 'up.park_id', params);
    if (scope) where.push(`EXISTS (SELECT 1 FROM user_parks up WHERE up.user_id = u.id${scope})`);
    if (query.active !== false) where.push('u.deactivated_at IS NULL');
    if (query.role) {
      params.push(query.role);
      where.push(`u.role = $${params.length}`);
    }
    if (query.parkId) {
      params.push(query.parkId);
      where.push(
        `EXISTS (SELECT 1 FROM user_parks f WHERE f.user_id = u.id AND f.park_id = $${params.length})`,
      );
    }
    if (query.q) {
      params.push(likePattern(query.q));
      where.push(`(u.email ILIKE $${params.length} OR u.name ILIKE $${params.length})`);
    }
    const sort = parseSort(query.sort, 'email');
    return listResponse<UserView>(this.db, {
      csv: csv ? { columns: [...this.sql.properties, 'parkIds'], filename: 'users' } : undefined,
      select: `${this.sql.select('u')}, ${parkIdsIn(scope)}`,
      from: 'users u',
      where,
      params,
      orderBy: `${this.sql.col(sort.field, 'u')} ${sort.descending ? 'DESC' : 'ASC'}`,
      idColumn: 'u.id',
      page: query.page,
      limit: query.limit,
    });
  }

  async get(actor: Actor, id: string, q: Queryable = this.db, lock = false): Promise<UserView> {
    const params: unknown[] = [id];
    const visible =
      isAdmin(actor) || actor.id === id
        ? ''
        : ` AND EXISTS (SELECT 1 FROM user_parks s WHERE s.user_id = u.id${scopeSql(actor, 's.park_id', params)})`;
    const row = await q.one<UserView>(
      `SELECT ${this.sql.select('u')}, ${parkIdsSql(actor, params, id)} FROM users u
        WHERE u.id = $1${visible}${lock ? ' FOR UPDATE OF u' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('User', id);
    return row;
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async (tx) => {
      const [{ id }] = await tx.query<{ id: string }>(
        `INSERT INTO users (email, name, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING id`,
        [dto.email, dto.name, passwordHash, dto.role],
      );
      await this.setParks(tx, id, dto.parkIds ?? []);
      const after = await this.get(actor, id, tx);
      await writeAudit(tx, actor, {
        entity: 'user',
        entityId: id,
        parkId: null,
        action: 'create',
        before: null,
        after: auditable(after),
      });
      return after;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserView> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    const result = await this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      assertVersion('User', before, dto.version);
      if (id === actor.id && dto.role !== undefined && dto.role !== before.role) {
        throw DomainException.conflict('You cannot change your own role');
      }
      const patch: Record<string, unknown> = {
        email: dto.email,
        name: dto.name,
        role: dto.role,
        passwordHash,
      };
      const sets = Object.entries(patch).filter(([, v]) => v !== undefined);
      const params: unknown[] = [id, ...sets.map(([, v]) => v)];
      const assignments = sets.map(
        ([k], i) => `${k === 'passwordHash' ? 'password_hash' : this.sql.col(k)} = $${i + 2}`,
      );
      await tx.query(
        `UPDATE users SET ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')}
          WHERE id = $1`,
        params,
      );
      if (dto.parkIds) await this.setParks(tx, id, dto.parkIds);
      const after = await this.get(actor, id, tx);
      await writeAudit(tx, actor, {
        entity: 'user',
        entityId: id,
        parkId: null,
        action: 'update',
        before: auditable(before),
        after: { ...auditable(after), ...(passwordHash ? { passwordChanged: true } : {}) },
      });
      return after;
    });
    this.actors.invalidate(id);
    return result;
  }

  /** A user's own name and password; a new password needs the current one. */
  async updateSelf(actor: Actor, dto: UpdateMeDto): Promise<UserView> {
    if (dto.password !== undefined) {
      const row = await this.db.one<{ hash: string }>(
        `SELECT password_hash AS hash FROM users WHERE id = $1`,
        [actor.id],
      );
      if (!dto.currentPassword || !(await verifyPassword(row?.hash ?? null, dto.currentPassword))) {
        throw DomainException.validation('currentPassword', 'does not match your current password');
      }
    }
    return this.update(actor, actor.id, {
      name: dto.name,
      password: dto.password,
      version: dto.version,
    });
  }

  /** Deactivates: the user can no longer sign in, and records keep pointing at them. */
  async deactivate(actor: Actor, id: string): Promise<void> {
    if (id === actor.id) throw DomainException.conflict('You cannot deactivate yourself');
    await this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      if (before.deactivatedAt) return;
      await tx.query(
        `UPDATE users SET deactivated_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
        [id],
      );
      await writeAudit(tx, actor, {
        entity: 'user',
        entityId: id,
        parkId: null,
        action: 'delete',
        before: auditable(before),
        after: null,
      });
    });
    this.actors.invalidate(id);
  }

  /** Throws 400 naming the field unless the id is an active user. */
  async assertActiveUser(id: string, field: string, q: Queryable = this.db): Promise<void> {
    const row = await q.one(`SELECT 1 FROM users WHERE id = $1 AND deactivated_at IS NULL`, [id]);
    if (!row) throw DomainException.validation(field, 'must be an active user');
  }

  private async setParks(tx: Queryable, userId: string, parkIds: string[]) {
    const found = await tx.query<{ id: string }>(
      `SELECT id FROM parks WHERE id = ANY($1::uuid[])`,
      [parkIds],
    );
    if (found.length !== parkIds.length) {
      const known = new Set(found.map((r) => r.id));
      const missing = parkIds.filter((p) => !known.has(p));
      throw DomainException.validation('parkIds', `unknown park(s): ${missing.join(', ')}`);
    }
    await tx.query(`DELETE FROM user_parks WHERE user_id = $1`, [userId]);
    await tx.query(`INSERT INTO user_parks (user_id, park_id) SELECT $1, unnest($2::uuid[])`, [
      userId,
      parkIds,
    ]);
  }
}
