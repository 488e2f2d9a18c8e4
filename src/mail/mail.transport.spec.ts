import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { MailTransport } from './mail.transport.js';

describe('MailTransport without SMTP_URL (development)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'crm-eml-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes each mail as an .eml file only its owner can read (0600, folder 0700)', async () => {
    const dir = join(root, 'outbox');
    const transport = new MailTransport(loadConfig({ MAIL_OUTBOX_DIR: dir }));
    const previous = process.umask(0o000);
    try {
      await transport.send({
        to: 'nadia.benali@example.org',
        subject: 'Votre avis',
        text: 'Bonjour',
        messageId: '<abc@crm.test>',
      });
    } finally {
      process.umask(previous);
      transport.beforeApplicationShutdown();
    }
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/abc@crm\.test\.eml$/);
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
