import { Global, Module } from '@nestjs/common';
import { MailOutbox } from './mail-outbox.service.js';
import { MailTransport } from './mail.transport.js';

@Global()
@Module({ providers: [MailTransport, MailOutbox], exports: [MailTransport, MailOutbox] })
export class MailModule {}
