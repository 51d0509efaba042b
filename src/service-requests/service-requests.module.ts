import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module.js';
import { UsersModule } from '../users/users.module.js';
import { ServiceElementSettingsService } from './service-element-settings.service.js';
import { ServiceRequestsController } from './service-requests.controller.js';
import { ServiceRequestsService } from './service-requests.service.js';

/** Enterprise service requests under the six-elements guarantee, and their default due days. */
@Module({
  imports: [EnterprisesModule, UsersModule],
  controllers: [ServiceRequestsController],
  providers: [ServiceRequestsService, ServiceElementSettingsService],
  exports: [ServiceRequestsService],
})
export class ServiceRequestsModule {}
