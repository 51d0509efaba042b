import { Injectable } from '@nestjs/common';
import type { Role } from '../../users/user.entity.js';
import { Db } from '../database/db.service.js';

export interface ActorRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  parkIds: string[];
}

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Loads the caller's role and parks for each request. Cached for a few seconds so hot reads pay
 * no extra round trip; changes made through this process invalidate at once, other replicas
 * see them within TTL_MS.
 */
@Injectable()
export class ActorLoader {
  private readonly cache = new Map<string, { at: number; record: ActorRecord | null }>();

  constructor(private readonly db: Db) {}

  async load(userId: string): Promise<ActorRecord | null> {
    const now = Date.now();
    const hit = this.cache.get(userId);
    if (hit && now - hit.at < TTL_MS) return hit.record;
    const record =
      (await this.db.one<ActorRecord>(
        `SELECT u.id, u.email, u.name, u.role,
                COALESCE(array_agg(up.park_id) FILTER (WHERE up.park_id IS NOT NULL), '{}') AS "parkIds"
           FROM users u LEFT JOIN user_parks up ON up.user_id = u.id
          WHERE u.id = $1 AND u.deactivated_at IS NULL
          GROUP BY u.id`,
        [userId],
      )) ?? null;
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(userId, { at: now, record });
    return record;
  }

  invalidate(userId: string): void {
    this.cache.delete(userId);
  }
}
