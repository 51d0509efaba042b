import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import { CHAIN_POSITIONS, type ChainPosition } from '../chain-link.entity.js';

export class CreateChainSegmentDto {
  @ApiProperty({ enum: CHAIN_POSITIONS })
  @IsIn(CHAIN_POSITIONS)
  position: ChainPosition;

  @ApiProperty({
    example: 'toner cartridges',
    maxLength: 200,
    description: 'Chain links fill it when their segment is spelled the same way',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}

export class ListChainSegmentsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: CHAIN_POSITIONS })
  @IsOptional()
  @IsIn(CHAIN_POSITIONS)
  position?: ChainPosition;

  @SortBy(['position', 'name', 'createdAt'])
  sort?: string;
}
