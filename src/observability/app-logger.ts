import type { LoggerService, LogLevel } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import type { AppConfig } from '../config/app.config.js';
import { currentContext } from './request-context.js';

const PINO_LEVEL: Record<AppConfig['logLevel'], Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Structured fields that must never reach a log, wherever they sit in a logged object. */
const REDACT = [
  'password',
  'token',
  'accessToken',
  'authorization',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.authorization',
];

// secrets that could still slip into a message written by a library or an error text
const SECRET_IN_TEXT =
  /(bearer\s+)[A-Za-z0-9._~+/=-]+|((?:token|password|secret|authorization)=)[^&\s"']+/gi;

export function scrub(text: string): string {
  return text.replace(SECRET_IN_TEXT, (_, bearer?: string, key?: string) =>
    bearer ? `${bearer}[Redacted]` : `${key}[Redacted]`,
  );
}

export interface AppLoggerOptions {
  level: AppConfig['logLevel'];
  format?: AppConfig['logFormat'];
  /** Where lines go; stdout by default (tests pass a stream of their own). */
  destination?: DestinationStream;
}

/**
 * Nest's LoggerService over pino: one JSON line per entry with time, level, context, msg, and the
 * correlation id (and user id) of the request or job the line was written in.
 */
export class AppLogger implements LoggerService {
  readonly pino: Logger;

  constructor(options: AppLoggerOptions) {
    // asynchronous: a slow reader of stdout (a log shipper behind) must not stall requests;
    // pino flushes what is buffered when the process exits
    const out = options.destination ?? pino.destination({ dest: 1, sync: false });
    this.pino = pino(
      {
        level: PINO_LEVEL[options.level],
        base: { pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACT, censor: '[Redacted]' },
        mixin: () => {
          const ctx = currentContext();
          if (!ctx) return {};
          return ctx.userId
            ? { correlationId: ctx.correlationId, userId: ctx.userId }
            : { correlationId: ctx.correlationId };
        },
      },
      options.format === 'text' ? textDestination(out) : out,
    );
  }

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  setLogLevels(levels: LogLevel[]) {
    // Nest hands the enabled levels, least verbose first; the last one is the threshold
    const order: AppConfig['logLevel'][] = ['error', 'warn', 'log', 'debug', 'verbose'];
    const enabled = order.filter((l) => levels.includes(l));
    if (enabled.length) this.pino.level = PINO_LEVEL[enabled[enabled.length - 1]];
  }

  /**
   * Nest's calling convention: (message, ...params, context?) with the context last, and for
   * errors (message, stack?, context?).
   */
  private write(level: Level, message: unknown, params: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context =
      rest.length > 0 && typeof rest[rest.length - 1] === 'string'
        ? (rest.pop() as string)
        : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    for (const param of rest) {
      if (param === undefined) continue;
      if (param instanceof Error) fields.err = scrub(param.stack ?? param.message);
      else if (typeof param === 'string')
        fields[level === 'error' ? 'stack' : 'detail'] = scrub(param);
      else if (typeof param === 'object') Object.assign(fields, param);
    }
    if (message instanceof Error) {
      fields.err = scrub(message.stack ?? message.message);
      this.pino[level](fields, scrub(message.message));
    } else if (typeof message === 'object' && message !== null) {
      const { msg, message: text, ...others } = message as Record<string, unknown>;
      const line = msg ?? text;
      this.pino[level]({ ...fields, ...others }, line === undefined ? '' : scrub(String(line)));
    } else {
      this.pino[level](fields, scrub(String(message)));
    }
  }
}

const TEXT_SKIP = new Set(['time', 'level', 'pid', 'context', 'msg']);

/** LOG_FORMAT=text: `time LEVEL [context] msg key=value …`, from the JSON pino writes. */
function textDestination(out: { write(chunk: string): unknown }): DestinationStream {
  return {
    write(line: string) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const extras = Object.entries(entry)
        .filter(([key]) => !TEXT_SKIP.has(key))
        .map(
          ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
        )
        .join(' ');
      const context = entry.context ? ` [${String(entry.context)}]` : '';
      out.write(
        `${String(entry.time)} ${String(entry.level).toUpperCase().padEnd(5)}${context} ${String(entry.msg)}` +
          `${extras ? ` ${extras}` : ''}\n`,
      );
    },
  };
}

export function createAppLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): AppLogger {
  return new AppLogger({ level: config.logLevel, format: config.logFormat });
}
