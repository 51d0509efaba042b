import { describe, expect, it } from '@jest/globals';
import { AppLogger, type AppLoggerOptions } from './app-logger.js';
import { runWithContext } from './request-context.js';

function capture(options: Omit<AppLoggerOptions, 'destination'>) {
  const lines: string[] = [];
  const logger = new AppLogger({ ...options, destination: { write: (l) => lines.push(l) } });
  return { logger, lines, json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('AppLogger', () => {
  it('writes one JSON line with time, level, context and msg, and the correlation id inside a context only', () => {
    const { logger, json } = capture({ level: 'log' });
    logger.log('outside', 'Boot');
    runWithContext({ correlationId: 'req-12345678', userId: 'u-1' }, () =>
      logger.warn('inside', 'Projects'),
    );
    const [outside, inside] = json();
    expect(outside).toMatchObject({ level: 'info', context: 'Boot', msg: 'outside' });
    expect(outside).not.toHaveProperty('correlationId');
    expect(new Date(outside.time as string).toISOString()).toBe(outside.time);
    expect(inside).toMatchObject({
      level: 'warn',
      context: 'Projects',
      msg: 'inside',
      correlationId: 'req-12345678',
      userId: 'u-1',
    });
  });

  it('keeps the stack of an error and the fields of an object message', () => {
    const { logger, json } = capture({ level: 'log' });
    logger.error('it broke', 'Error: it broke\n    at somewhere', 'Worker');
    logger.log({ msg: 'GET /x 200', status: 200 }, 'HTTP');
    expect(json()).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'Worker',
        msg: 'it broke',
        stack: 'Error: it broke\n    at somewhere',
      }),
      expect.objectContaining({ level: 'info', context: 'HTTP', msg: 'GET /x 200', status: 200 }),
    ]);
  });

  it('leaves out what LOG_LEVEL does not ask for', () => {
    const { logger, json } = capture({ level: 'warn' });
    logger.log('chatty');
    logger.debug('chattier');
    logger.warn('worth it');
    expect(json().map((l) => l.msg)).toEqual(['worth it']);
  });

  it('redacts passwords, tokens and Authorization headers, in fields and in messages', () => {
    const { logger, lines } = capture({ level: 'log' });
    logger.log({
      msg: 'login',
      body: { email: 'a@b.example', password: 'hunter2-secret' },
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    logger.warn('GET /admin/queues?token=abc.def.ghi -> 500, header Bearer abc.def.ghi');
    const text = lines.join('');
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('abc.def.ghi');
    expect(text).toContain('a@b.example');
    expect(text).toContain('token=[Redacted]');
  });

  it('writes a readable line with LOG_FORMAT=text', () => {
    const { logger, lines } = capture({ level: 'log', format: 'text' });
    runWithContext({ correlationId: 'req-12345678' }, () =>
      logger.log({ msg: 'GET /x 200', status: 200 }, 'HTTP'),
    );
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z INFO  \[HTTP\] GET \/x 200 correlationId=req-12345678 status=200\n$/,
    );
  });
});
