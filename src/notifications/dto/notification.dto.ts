import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import { QueryBoolean } from '../../common/validation/decorators.js';

export class ListNotificationsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: only the unread ones; false: only the read ones' })
  @IsOptional()
  @QueryBoolean()
  unread?: boolean;

  /** Default -createdAt: newest first. */
  @SortBy(['createdAt'])
  sort?: string;
}

export class ReadAllResult {
  @ApiProperty({ example: 12, description: 'Notifications marked read by this call' })
  updated: number;
}
