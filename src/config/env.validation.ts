import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  validateSync,
} from 'class-validator';

const BOOLEANS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };
// anything else stays a string and fails @IsBoolean, naming the variable
const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value in BOOLEANS ? BOOLEANS[value] : value;
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** The environment the service reads, checked once at boot. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/zone_crm';

  /** Streaming replicas for the dashboard and report reads, comma-separated; none by default. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^,\s]+(,postgres(ql)?:\/\/[^,\s]+)*$/, {
    message: 'must be postgres:// URLs separated by commas',
  })
  DATABASE_REPLICA_URLS?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS = 3000;

  @Transform(toBool)
  @IsBoolean()
  DB_MIGRATE_ON_BOOT = true;

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @Matches(/^\d+[smhd]?$/, { message: 'must be a duration such as 3600, 15m, 8h or 1d' })
  JWT_EXPIRES_IN = '8h';

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @IsString()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, { message: 'must be an IANA time zone' })
  ZONE_TIMEZONE = 'Asia/Shanghai';

  @Matches(/^[A-Za-z0-9:_{}-]+$/, { message: 'may hold letters, digits, : _ - { } only' })
  QUEUE_PREFIX = 'zone';

  @Matches(/^(api|worker)(,(api|worker))*$/, { message: 'must be "api", "worker" or "api,worker"' })
  APP_ROLES = 'api,worker';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 60;

  @Transform(toBool)
  @IsBoolean()
  REDIS_REQUIRE_DURABLE = false;

  /** A worker evaluates the warning rules as it boots (lights are fresh after downtime). */
  @Transform(toBool)
  @IsBoolean()
  EVALUATE_ON_BOOT = true;

  /** How long a worker's job lock lives without renewal; a killed worker's jobs move on after it. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  JOB_LOCK_MS?: number;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  SMTP_FROM = 'Zone investment promotion <no-reply@zone.example>';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** JSON lines (for a log shipper) or one readable line per entry (for a terminal). */
  @IsIn(['json', 'text'])
  LOG_FORMAT: 'json' | 'text' = 'json';

  /** GET /metrics (Prometheus) on a listener of its own at HOST:METRICS_PORT; 0 = none. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 0;

  /**
   * Whom to believe about the client's address (X-Forwarded-For), which the per-address login
   * limit counts by: `false` (nobody: the peer is the client), `true` (any proxy), a number of
   * proxy hops, or comma-separated addresses/CIDRs of the proxies (e.g. `10.0.0.0/8`).
   */
  @Matches(/^(false|true|\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, {
    message: 'must be false, true, a number of hops, or proxy addresses/CIDRs',
  })
  TRUST_PROXY = 'false';
}

export class ConfigValidationError extends Error {}

/** Validates raw env; throws naming every bad variable. Unknown variables are ignored. */
export function validateEnv(raw: Record<string, string | undefined>): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariables());
  const picked: Record<string, string> = {};
  for (const key of [
    ...known,
    'JWT_SECRET',
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'SMTP_URL',
    'JOB_LOCK_MS',
    'DATABASE_REPLICA_URLS',
  ]) {
    const value = raw[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const env = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.map(
    (e) =>
      `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join(', ')}`,
  );
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    problems.push('JWT_SECRET: is required in production (at least 32 characters)');
  }
  if (!isValidTimeZone(env.ZONE_TIMEZONE)) {
    problems.push(`ZONE_TIMEZONE=${JSON.stringify(env.ZONE_TIMEZONE)}: unknown time zone`);
  }
  if (problems.length > 0) {
    throw new ConfigValidationError(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  return env;
}

function isValidTimeZone(tz: string): boolean {
  try {
    // oxlint-disable-next-line no-new -- constructing it is the check: it throws on unknown zones
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
