import { Global, Module } from '@nestjs/common';
import { MailDelivery } from './mail-delivery.service.js';
import { MailOutbox } from './mail-outbox.service.js';
import { MailTransport } from './mail.transport.js';

@Global()
@Module({
  providers: [MailTransport, MailOutbox, MailDelivery],
  exports: [MailTransport, MailOutbox, MailDelivery],
})
export class MailModule {}
