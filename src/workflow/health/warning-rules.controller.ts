import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ApiAuth, Roles } from '../../common/auth/auth.decorators.js';
import { ApiGet, ApiUpdate } from '../../common/http/api-docs.decorators.js';
import {
  ListWarningRulesQuery,
  PutWarningRulesDto,
  WarningRulesView,
} from './dto/warning-rules.dto.js';
import { WarningRulesService } from './warning-rules.service.js';

const REPLACE =
  "Replace the zone defaults or a park's overrides (admins); the lights they cover are re-evaluated";

@ApiTags('warning-rules')
@ApiAuth()
@Roles('admin')
@Controller('warning-rules')
export class WarningRulesController {
  constructor(private readonly rules: WarningRulesService) {}

  @Get()
  @ApiGet(
    WarningRulesView,
    'The warning rules in force (admins): the zone defaults, or with ?parkId= those of a park and where each comes from',
  )
  view(@Query() query: ListWarningRulesQuery) {
    return this.rules.view(query.parkId ?? null);
  }

  @Put()
  @ApiUpdate(WarningRulesView, REPLACE)
  @ApiOperation({
    summary: REPLACE,
    description:
      'A value at or above yellowAt is yellow, at or above redAt red. A park rule overrides the zone default for the park and every park below it; the nearest park with a rule of a kind wins.',
  })
  replace(@CurrentActor() actor: Actor, @Body() dto: PutWarningRulesDto) {
    return this.rules.replace(actor, dto);
  }
}
