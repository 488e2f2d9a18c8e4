import { Module } from '@nestjs/common';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { FirstAdmin } from './first-admin.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  // The calendar links (follow-ups' table) end with the account's other tokens.
  imports: [FollowUpsModule],
  controllers: [UsersController],
  providers: [UsersService, FirstAdmin],
  exports: [UsersService],
})
export class UsersModule {}
