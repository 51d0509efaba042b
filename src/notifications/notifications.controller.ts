import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth, Roles } from '../common/auth/auth.decorators.js';
import { ApiGet, ApiList } from '../common/http/api-docs.decorators.js';
import { WantsCsv } from '../common/pagination/list-query.dto.js';
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import { ListNotificationsQuery, ReadAllResult } from './dto/notification.dto.js';
import { Notification } from './notification.entity.js';
import { NotificationsService } from './notifications.service.js';

/** Every role reads and marks its own notifications; viewers too, hence @Roles on the writes. */
@ApiTags('notifications')
@ApiAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiList(Notification, 'Your notifications, newest first', { csv: true })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListNotificationsQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.notifications.list(actor, query, csv);
  }

  // the static route comes before the `:id` ones
  @Post('read-all')
  @Roles('viewer', 'officer', 'manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all your unread notifications read' })
  @ApiOkResponse({ type: ReadAllResult })
  readAll(@CurrentActor() actor: Actor): Promise<ReadAllResult> {
    return this.notifications.markAllRead(actor);
  }

  @Post(':id/read')
  @Roles('viewer', 'officer', 'manager')
  @HttpCode(200)
  @ApiGet(Notification, "Mark one of your notifications read (someone else's: 404)")
  read(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.notifications.markRead(actor, id);
  }
}
