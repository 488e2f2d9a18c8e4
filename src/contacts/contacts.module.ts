import { Module } from '@nestjs/common';
import { EmployersModule } from '../employers/employers.module.js';
import { ContactsController } from './contacts.controller.js';
import { ContactsService } from './contacts.service.js';
import { InteractionsController } from './interactions.controller.js';
import { InteractionsService } from './interactions.service.js';

/** Contact persons and the contact log (interactions) of employers. */
@Module({
  imports: [EmployersModule],
  controllers: [ContactsController, InteractionsController],
  providers: [ContactsService, InteractionsService],
  exports: [ContactsService, InteractionsService],
})
export class ContactsModule {}
