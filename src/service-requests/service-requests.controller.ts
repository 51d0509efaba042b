import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth, Roles } from '../common/auth/auth.decorators.js';
import { ErrorResponse } from '../common/errors/error-response.dto.js';
import {
  ApiCreate,
  ApiDelete,
  ApiGet,
  ApiList,
  ApiUpdate,
} from '../common/http/api-docs.decorators.js';
import { WantsCsv } from '../common/pagination/list-query.dto.js';
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import {
  CreateServiceRequestDto,
  FollowUpCheckDto,
  ListServiceRequestsQuery,
  UpdateElementSettingDto,
  UpdateServiceRequestDto,
} from './dto/service-request.dto.js';
import { ServiceElementSettingsService } from './service-element-settings.service.js';
import {
  SERVICE_ELEMENTS,
  ServiceElementSetting,
  ServiceRequest,
} from './service-request.entity.js';
import { ServiceRequestsService } from './service-requests.service.js';

@ApiTags('service-requests')
@ApiAuth()
@Controller('service-requests')
export class ServiceRequestsController {
  constructor(
    private readonly requests: ServiceRequestsService,
    private readonly settings: ServiceElementSettingsService,
  ) {}

  // the static settings routes come before the `:id` ones
  @Get('settings')
  @ApiOperation({ summary: 'The default due days of each of the six elements' })
  @ApiOkResponse({ type: [ServiceElementSetting] })
  listSettings() {
    return this.settings.list();
  }

  @Put('settings/:element')
  @Roles('admin')
  @ApiOperation({ summary: "Change an element's default due days (admins)" })
  @ApiParam({ name: 'element', enum: SERVICE_ELEMENTS })
  @ApiOkResponse({ type: ServiceElementSetting })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid input' })
  updateSetting(
    @CurrentActor() actor: Actor,
    @Param('element') element: string,
    @Body() dto: UpdateElementSettingDto,
  ) {
    return this.settings.update(actor, element, dto.defaultDueDays);
  }

  @Get()
  @ApiList(ServiceRequest, 'List service requests in your parks', { csv: true })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListServiceRequestsQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.requests.list(actor, query, csv);
  }

  @Get(':id')
  @ApiGet(ServiceRequest, 'Get a service request')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.requests.get(actor, id);
  }

  @Post()
  @ApiCreate(
    ServiceRequest,
    "Record an enterprise's request under the six-elements guarantee (due date defaults per element)",
  )
  create(@CurrentActor() actor: Actor, @Body() dto: CreateServiceRequestDto) {
    return this.requests.create(actor, dto);
  }

  @Patch(':id')
  @ApiUpdate(
    ServiceRequest,
    'Update a service request; status moves open → in_progress → resolved | rejected',
  )
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: UpdateServiceRequestDto,
  ) {
    return this.requests.update(actor, id, dto);
  }

  @Post(':id/follow-up-check')
  @HttpCode(200)
  @ApiUpdate(
    ServiceRequest,
    'Record the follow-up check with the enterprise (回访销号): closes a resolved or rejected request',
  )
  followUpCheck(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: FollowUpCheckDto,
  ) {
    return this.requests.followUpCheck(actor, id, dto);
  }

  @Delete(':id')
  @ApiDelete('Delete a service request')
  async remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.requests.remove(actor, id);
  }
}
