import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface Received {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

type Responder = (rcpt: string) => { code: number; message: string } | null;

/** A real SMTP server in the test process, capturing what recipients would receive. */
export class SmtpSink {
  readonly messages: Received[] = [];
  private server: SMTPServer;
  private responder: Responder = () => null;
  private waiters: (() => void)[] = [];
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        const answer = this.responder(address.address);
        if (!answer) return cb();
        const err = new Error(answer.message) as Error & { responseCode: number };
        err.responseCode = answer.code;
        return cb(err);
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then((parsed) => {
            this.messages.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            this.waiters.splice(0).forEach((w) => w());
            cb();
          }, cb);
        });
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Answer RCPT TO with an error for matching addresses (return null to accept). */
  respond(responder: Responder): void {
    this.responder = responder;
  }

  to(address: string): Received[] {
    return this.messages.filter((m) => m.envelopeTo.includes(address));
  }

  /** Waits until `count` messages have arrived in all, or fails after the timeout. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} mails, got ${this.messages.length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.messages;
  }

  clear(): void {
    this.messages.length = 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
