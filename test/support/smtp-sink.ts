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
  private readonly closed = new Set<string>();
  port = 0;
  /** Milliseconds between the end of DATA and the server's answer (a slow relay). */
  acceptDelayMs = 0;
  /** Messages whose DATA has started and not been answered yet. */
  inFlight = 0;
  /** Messages fully received whose answer is held back by `holdAnswers()`. */
  held = 0;
  private gate: { promise: Promise<void>; open: () => void } | null = null;

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
      onClose: (session) => {
        this.closed.add(session.id);
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        this.inFlight += 1;
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const delay = new Promise((r) => setTimeout(r, this.acceptDelayMs)).then(async () => {
            while (this.gate) {
              this.held += 1;
              await this.gate.promise;
              this.held -= 1;
            }
          });
          void Promise.all([simpleParser(raw), delay]).then(
            ([parsed]) => {
              this.inFlight -= 1;
              // A client gone before the answer was never told the message was accepted: like a
              // real relay, do not count it as delivered.
              if (this.closed.has(session.id)) return cb(new Error('connection closed'));
              this.messages.push({
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                raw,
                parsed,
              });
              this.waiters.splice(0).forEach((w) => w());
              cb();
            },
            (err: Error) => {
              this.inFlight -= 1;
              cb(err);
            },
          );
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

  /** From now on, messages are received but not answered until `releaseAnswers()`. */
  holdAnswers(): void {
    if (this.gate) return;
    let open = () => {};
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
  }

  releaseAnswers(): void {
    const gate = this.gate;
    this.gate = null;
    gate?.open();
  }

  clear(): void {
    this.messages.length = 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
