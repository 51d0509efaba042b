import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import { OptionalUuid, QueryBoolean } from '../../common/validation/decorators.js';
import { CHAIN_POSITIONS, ChainLink, type ChainPosition } from '../chain-link.entity.js';
import { Enterprise } from '../enterprise.entity.js';

export class ContactDto {
  @ApiProperty({ example: 'Zhang Wei', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'General Manager', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ example: '+86 631 000 0000', maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string;

  @ApiPropertyOptional({ example: 'zhang.wei@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class CreateEnterpriseDto {
  @ApiProperty({ example: 'HP Printing and Computing Solutions', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: 'US', default: 'CN', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as CN or US' })
  country?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  fortuneGlobal500?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  chinaTop500?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  listed?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Chain master (链主)' })
  @IsOptional()
  @IsBoolean()
  chainMaster?: boolean;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  parkId: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @OptionalUuid()
  clusterId?: string | null;

  @ApiPropertyOptional({ type: [ContactDto], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;
}

export class UpdateEnterpriseDto extends PartialType(CreateEnterpriseDto, {
  skipNullProperties: false,
}) {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListEnterprisesQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'This park and its sub-parks' })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  clusterId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  chainMaster?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  fortuneGlobal500?: boolean;

  @ApiPropertyOptional({ example: 'US' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as CN or US' })
  country?: string;

  @ApiPropertyOptional({ description: 'Search in the name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @SortBy(['name', 'country', 'createdAt'])
  sort?: string;
}

export class CreateChainLinkDto {
  @ApiProperty({ format: 'uuid', description: 'The enterprise joining the chain' })
  @IsUUID('all')
  enterpriseId: string;

  @ApiProperty({ enum: CHAIN_POSITIONS })
  @IsIn(CHAIN_POSITIONS)
  position: ChainPosition;

  @ApiProperty({ example: 'toner cartridges', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  segment: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class ChainMember extends ChainLink {
  @ApiProperty({ example: 'Weihai Precision Plastics' })
  enterpriseName: string;

  @ApiProperty({ format: 'uuid' })
  enterpriseParkId: string;
}

export class ChainView {
  @ApiProperty({ type: Enterprise })
  chainMaster: Enterprise;

  @ApiProperty({ type: [ChainMember] })
  upstream: ChainMember[];

  @ApiProperty({ type: [ChainMember] })
  downstream: ChainMember[];

  @ApiProperty({ example: 13, description: 'Enterprises in the chain, the master excluded' })
  size: number;
}
