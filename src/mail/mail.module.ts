import { Global, Module } from '@nestjs/common';
import { MailDeliveryService } from './mail-delivery.service.js';
import { MailOutbox } from './mail-outbox.service.js';
import { MailTransport } from './mail.transport.js';

@Global()
@Module({
  providers: [MailTransport, MailOutbox, MailDeliveryService],
  exports: [MailTransport, MailOutbox, MailDeliveryService],
})
export class MailModule {}
