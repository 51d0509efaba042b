import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ApiAuth, Roles } from '../../common/auth/auth.decorators.js';
import { ErrorResponse } from '../../common/errors/error-response.dto.js';
import { ApiCreate, ApiGet, ApiList, ApiUpdate } from '../../common/http/api-docs.decorators.js';
import { WantsCsv } from '../../common/pagination/list-query.dto.js';
import { AppValidationPipe } from '../../common/validation/body-validation.pipe.js';
import { UuidParam } from '../../common/validation/uuid-param.pipe.js';
import {
  CreateSupervisionItemDto,
  EvaluateDto,
  EvaluationResult,
  ListSupervisionItemsQuery,
  StepDto,
  SupervisionItemView,
  UpdateSupervisionItemDto,
} from './dto/supervision-item.dto.js';
import { SupervisionEscalationService } from './supervision-escalation.service.js';
import { SupervisionItem } from './supervision-item.entity.js';
import { SupervisionItemsService } from './supervision-items.service.js';
import { SupervisionStepsService } from './supervision-steps.service.js';

// evaluate's body is optional: the global pipe refuses a missing one, so it is checked here
const optionalBody = new AppValidationPipe();

@ApiTags('supervision')
@ApiAuth()
@Controller('supervision-items')
export class SupervisionItemsController {
  constructor(
    private readonly items: SupervisionItemsService,
    private readonly steps: SupervisionStepsService,
    private readonly escalation: SupervisionEscalationService,
  ) {}

  @Get()
  @ApiList(SupervisionItem, 'List supervision items in your parks', { csv: true })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListSupervisionItemsQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.items.list(actor, query, csv);
  }

  @Post('evaluate')
  @Roles('manager')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Re-evaluate the warning lights now and open one item per project and rule at red (managers); a repeat opens nothing new',
  })
  @ApiBody({ type: EvaluateDto, required: false })
  @ApiOkResponse({ type: EvaluationResult })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid input' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'parkId outside your parks' })
  async evaluate(@CurrentActor() actor: Actor, @Body() body: unknown) {
    const dto = (await optionalBody.transform(body ?? {}, {
      type: 'body',
      metatype: EvaluateDto,
    })) as EvaluateDto;
    return this.escalation.runFor(actor, dto.parkId);
  }

  @Get(':id')
  @ApiGet(SupervisionItemView, 'Get a supervision item with its steps')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.items.view(actor, id);
  }

  @Post()
  @Roles('manager')
  @ApiCreate(
    SupervisionItemView,
    "Open a supervision item by hand (managers); the project's officer owns it by default",
  )
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSupervisionItemDto) {
    return this.items.create(actor, dto);
  }

  @Patch(':id')
  @Roles('manager')
  @ApiUpdate(SupervisionItem, "Change an open item's owner, deadline or severity (managers)")
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: UpdateSupervisionItemDto,
  ) {
    return this.items.update(actor, id, dto);
  }

  @Post(':id/steps')
  @HttpCode(200)
  @ApiUpdate(
    SupervisionItemView,
    'Move an item one step: owners acknowledge, work and respond; managers review, send back and close (with a resolution)',
  )
  step(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: StepDto) {
    return this.steps.move(actor, id, dto);
  }
}
