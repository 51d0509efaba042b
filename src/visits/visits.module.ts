import { Module } from '@nestjs/common';
import { ParksModule } from '../parks/parks.module.js';
import { UsersModule } from '../users/users.module.js';
import { FollowUpsService } from './follow-ups.service.js';
import { VisitsController } from './visits.controller.js';
import { VisitsService } from './visits.service.js';

@Module({
  imports: [ParksModule, UsersModule],
  controllers: [VisitsController],
  providers: [VisitsService, FollowUpsService],
  exports: [VisitsService],
})
export class VisitsModule {}
