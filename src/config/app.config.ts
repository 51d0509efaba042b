import { hashTaggedPrefix } from '../jobs/queue-prefix.js';
import { validateEnv, type EnvironmentVariables } from './env.validation.js';

export type AppRole = 'api' | 'worker';

/** Settings after validation, in the shape the code uses. Injected with the APP_CONFIG token. */
export interface AppConfig {
  env: EnvironmentVariables['NODE_ENV'];
  databaseUrl: string;
  /** Read replicas for dashboards and report reads (Db.replica); empty: they read the primary. */
  databaseReplicaUrls: string[];
  databasePoolSize: number;
  databaseConnectTimeoutMs: number;
  migrateOnBoot: boolean;
  redisUrl: string;
  port: number;
  host: string;
  jwt: { secret: string; expiresInSeconds: number; issuer: string; audience: string };
  admin?: { email: string; password: string };
  zoneTimeZone: string;
  /** QUEUE_PREFIX with a Redis Cluster hash tag: `zone` becomes `{zone}`. */
  queuePrefix: string;
  roles: AppRole[];
  login: { maxFailures: number; windowSeconds: number };
  logLevel: EnvironmentVariables['LOG_LEVEL'];
  logFormat: EnvironmentVariables['LOG_FORMAT'];
  /** Port of the separate /metrics listener (on `host`); 0 = no listener. */
  metricsPort: number;
  /** Fastify's trustProxy: false, true, hops, or proxy addresses */
  trustProxy: boolean | number | string;
  /** Refuse to start a worker on a Redis that could lose queued jobs (no AOF, or evicting). */
  redisRequireDurable: boolean;
  /** A worker runs the rule evaluation once at boot (deduplicated per hour across workers). */
  evaluateOnBoot: boolean;
  /** Overrides every queue's lock duration (ms); the presets in job-options.ts otherwise. */
  jobLockMs?: number;
  /** Reminders and reports are e-mailed when set. */
  smtp?: { url: string; from: string };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

// Only ever used outside production (validateEnv refuses to start production without a secret).
const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

export function loadConfig(raw: Record<string, string | undefined> = process.env): AppConfig {
  const env = validateEnv(raw);
  return {
    env: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    databaseReplicaUrls: env.DATABASE_REPLICA_URLS?.split(',') ?? [],
    databasePoolSize: env.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    migrateOnBoot: env.DB_MIGRATE_ON_BOOT,
    redisUrl: env.REDIS_URL,
    port: env.PORT,
    host: env.HOST,
    jwt: {
      secret: env.JWT_SECRET ?? DEV_JWT_SECRET,
      expiresInSeconds: durationSeconds(env.JWT_EXPIRES_IN),
      issuer: 'zone-crm',
      audience: 'zone-crm-api',
    },
    admin: firstAdmin(env),
    zoneTimeZone: env.ZONE_TIMEZONE,
    queuePrefix: hashTaggedPrefix(env.QUEUE_PREFIX),
    roles: [...new Set(env.APP_ROLES.split(',') as AppRole[])],
    login: { maxFailures: env.LOGIN_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    metricsPort: env.METRICS_PORT,
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    redisRequireDurable: env.REDIS_REQUIRE_DURABLE,
    jobLockMs: env.JOB_LOCK_MS,
    evaluateOnBoot: env.EVALUATE_ON_BOOT,
    smtp: env.SMTP_URL ? { url: env.SMTP_URL, from: env.SMTP_FROM } : undefined,
  };
}

/** The first admin, created at boot when no user exists. Outside production a documented default. */
function firstAdmin(env: EnvironmentVariables): AppConfig['admin'] {
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    return { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD };
  }
  if (env.NODE_ENV === 'production') return undefined;
  return { email: DEV_ADMIN_EMAIL, password: DEV_ADMIN_PASSWORD };
}

export const DEV_ADMIN_EMAIL = 'admin@zone.example';
export const DEV_ADMIN_PASSWORD = 'admin-demo-2026';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** '3600' and '3600s' are seconds; '15m', '8h', '1d' as written. */
export function durationSeconds(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * UNIT_SECONDS[match[2] || 's'];
}

function trustProxyOf(text: string): boolean | number | string {
  if (text === 'false' || text === 'true') return text === 'true';
  return /^\d+$/.test(text) ? Number(text) : text;
}
