import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto, SortBy } from '../pagination/list-query.dto.js';
import { AUDIT_ACTIONS, type AuditAction } from './audit-log.entity.js';

export class ListAuditQuery extends PageQueryDto {
  @ApiPropertyOptional({ example: 'project', description: 'Singular entity name' })
  @IsOptional()
  @Matches(/^[a-z_]{1,50}$/, { message: 'entity must be a singular entity name such as project' })
  entity?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ format: 'date-time', description: 'From this instant (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before this instant (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @SortBy(['at'])
  sort?: string;
}
