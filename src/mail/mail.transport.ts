import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export interface SentInfo {
  providerMessageId: string | null;
  response: string;
}

/** SMTP when SMTP_URL is set (pooled); otherwise .eml files in the outbox folder. */
@Injectable()
export class MailTransport implements BeforeApplicationShutdown {
  private readonly logger = new Logger('MailTransport');
  private readonly transporter: Transporter;
  private readonly toFiles: boolean;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.toFiles = !config.smtpUrl;
    this.transporter = config.smtpUrl
      ? nodemailer.createTransport({
          url: config.smtpUrl,
          pool: true,
          // MAIL_SMTP_CONNECTIONS; as many mail jobs claim and send at once (ADR 1613).
          // The rate limit is BullMQ's, shared by every worker process (ADR 1611).
          maxConnections: config.mailSmtpConnections,
          // Each message on a pooled connection; the pool reconnects after this many.
          maxMessages: 1000,
          // Bounded waits, so a send ends well within its claim's lease (MAIL_SEND_LEASE_SECONDS,
          // 120 s by default) and a row left `sending` really means its sender died.
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 30_000,
          // A local relay without TLS is common (mailpit, the test sink); STARTTLS is used when offered.
          tls: { rejectUnauthorized: config.nodeEnv === 'production' },
        } as Parameters<typeof nodemailer.createTransport>[0])
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get from(): string {
    return this.config.mailFrom;
  }

  async send(message: SendMailOptions): Promise<SentInfo> {
    if (!this.toFiles) return this.sendPrebuilt({ from: this.config.mailFrom, ...message });
    const info = (await this.transporter.sendMail({ from: this.config.mailFrom, ...message })) as {
      messageId?: string;
      message?: Buffer;
    };
    // Mails hold personal data and survey links: readable by the service account only.
    await mkdir(this.config.mailOutboxDir, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(message.messageId ?? info.messageId).replace(/[^A-Za-z0-9@._-]/g, '')}.eml`;
    await writeFile(join(this.config.mailOutboxDir, name), info.message ?? Buffer.alloc(0), {
      mode: 0o600,
    });
    // File name only: recipients are personal data.
    this.logger.log(`mail written to outbox ${name}`);
    return { providerMessageId: info.messageId ?? null, response: 'outbox' };
  }

  /**
   * The message is built into one buffer first (the same MIME nodemailer would stream), then
   * handed to the pool as a raw message: the socket gets it in a few writes instead of one per
   * encoded chunk, which cost the worker more CPU than building it (issue 16, ADR 1613).
   */
  private async sendPrebuilt(message: SendMailOptions): Promise<SentInfo> {
    const node = new MailComposer(message).compile();
    const envelope = node.getEnvelope();
    const raw = await node.build();
    const info = (await this.transporter.sendMail({ envelope, raw })) as { response?: string };
    return { providerMessageId: node.messageId(), response: info.response ?? '' };
  }

  // After onModuleDestroy, where the workers close and let running sends finish.
  beforeApplicationShutdown(): void {
    this.transporter.close();
  }
}
