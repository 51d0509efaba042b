import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ApiAuth } from '../../common/auth/auth.decorators.js';
import { ApiGet } from '../../common/http/api-docs.decorators.js';
import { UuidParam } from '../../common/validation/uuid-param.pipe.js';
import { ProjectHealthView } from './dto/project-health.dto.js';
import { WarningsService } from './warnings.service.js';

@ApiTags('projects')
@ApiAuth()
@Controller('projects/:id/health')
export class ProjectHealthController {
  constructor(private readonly warnings: WarningsService) {}

  @Get()
  @ApiGet(
    ProjectHealthView,
    "A project's light and the reasons for it, computed now from the rules in force for its park",
  )
  health(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.warnings.health(actor, id);
  }
}
