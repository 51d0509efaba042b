import { describe, expect, it } from '@jest/globals';
import { durationSeconds, loadConfig } from './app.config.js';
import { ConfigValidationError } from './env.validation.js';

describe('configuration from the environment', () => {
  it('has working defaults for a development machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/zone_crm',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 3000,
      zoneTimeZone: 'Asia/Shanghai',
      roles: ['api', 'worker'],
      // a Redis Cluster hash tag: every key of the service in one slot
      queuePrefix: '{zone}',
      migrateOnBoot: true,
      admin: { email: 'admin@zone.example' },
    });
    expect(config.jwt.expiresInSeconds).toBe(8 * 3600);
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['REDIS_URL', 'localhost:6379'],
    ['ZONE_TIMEZONE', 'Mars/Olympus_Mons'],
    ['APP_ROLES', 'api,scheduler'],
    ['DB_MIGRATE_ON_BOOT', 'maybe'],
    ['JWT_SECRET', 'short'],
    ['ADMIN_EMAIL', 'not-an-email'],
    ['JWT_EXPIRES_IN', 'forever'],
    ['DATABASE_REPLICA_URLS', 'postgres://replica-1/zone_crm,mysql://replica-2/zone_crm'],
  ])('refuses %s=%s and names the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('requires a JWT secret in production, and no default admin there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
    expect(config.jwt.secret).toBe('x'.repeat(32));
    expect(config.admin).toBeUndefined();
  });

  it('reads booleans, roles and durations', () => {
    const config = loadConfig({
      DB_MIGRATE_ON_BOOT: 'false',
      APP_ROLES: 'worker',
      JWT_EXPIRES_IN: '15m',
    });
    expect(config.migrateOnBoot).toBe(false);
    expect(config.databaseReplicaUrls).toEqual([]);
    expect(
      loadConfig({ DATABASE_REPLICA_URLS: 'postgres://r1:5432/zone_crm,postgres://r2/zone_crm' })
        .databaseReplicaUrls,
    ).toEqual(['postgres://r1:5432/zone_crm', 'postgres://r2/zone_crm']);
    expect(config.roles).toEqual(['worker']);
    expect(config.jwt.expiresInSeconds).toBe(900);
    expect(durationSeconds('3600')).toBe(3600);
    expect(durationSeconds('1d')).toBe(86400);
  });
});
