import { Module } from '@nestjs/common';
import { FirstAdmin } from './first-admin.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  controllers: [UsersController],
  providers: [UsersService, FirstAdmin],
  exports: [UsersService],
})
export class UsersModule {}
