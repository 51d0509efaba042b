import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkMail {
  to: string[];
  subject: string;
  /** the first /api/v1/… link in the text: which record the mail is about */
  link: string | null;
  messageId: string | null;
  at: number;
}

export interface SmtpSink {
  port: number;
  url: string;
  mails: SinkMail[];
  /** messages whose DATA has arrived and not yet been answered */
  inFlight(): number;
  close(): Promise<void>;
}

/**
 * A local SMTP server (no TLS, no auth) that keeps what it accepts and answers each message after
 * `delayMs`: a slow server keeps the e-mail jobs in flight for as long as a test needs.
 */
export function startSmtpSink(delayMs = 0): Promise<SmtpSink> {
  const mails: SinkMail[] = [];
  let inFlight = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      inFlight++;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
        setTimeout(() => {
          inFlight--;
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: /^Subject: (.*)$/m.exec(headers)?.[1] ?? '',
            link: /\/api\/v1\/\S+/.exec(raw.replace(/=\r\n/g, ''))?.[0] ?? null,
            messageId: /^Message-ID: (.*)$/im.exec(headers)?.[1]?.trim() ?? null,
            at: Date.now(),
          });
          callback();
        }, delayMs);
      });
    },
  });
  server.on('error', () => undefined); // a client killed mid-session is not the sink's failure
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.server.address() as AddressInfo).port;
      resolve({
        port,
        url: `smtp://127.0.0.1:${port}`,
        mails,
        inFlight: () => inFlight,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
