import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth, Roles } from '../common/auth/auth.decorators.js';
import {
  ApiCreate,
  ApiDelete,
  ApiGet,
  ApiList,
  ApiUpdate,
} from '../common/http/api-docs.decorators.js';
import { WantsCsv } from '../common/pagination/list-query.dto.js';
import { PageOf } from '../common/pagination/page.dto.js';
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import { CreateProjectDto, ListProjectsQuery, UpdateProjectDto } from './dto/project.dto.js';
import { Project } from './project.entity.js';
import { XLSX_TYPE } from './projects-xlsx.js';
import { ProjectsService } from './projects.service.js';

@ApiTags('projects')
@ApiAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @ApiOkResponse({
    description:
      'A page of items; with format=csv every matching row as CSV; with format=xlsx every matching row as a workbook in the import layout (Chinese headers, amounts in ?unit=)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(PageOf(Project)) } },
      'text/csv': { schema: { type: 'string', description: 'UTF-8 with BOM' } },
      [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiList(Project, 'List key projects in your parks, with filters', { csv: true })
  list(@CurrentActor() actor: Actor, @Query() query: ListProjectsQuery, @WantsCsv() csv: boolean) {
    return this.projects.list(actor, query, csv);
  }

  @Get(':id')
  @ApiGet(Project, 'Get a key project')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.projects.get(actor, id);
  }

  @Post()
  @ApiCreate(Project, 'Create a key project (stage lead; the workflow moves it)')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProjectDto) {
    return this.projects.create(actor, dto);
  }

  @Patch(':id')
  @ApiUpdate(Project, 'Update a key project (not its stage nor its realized investment)')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateProjectDto) {
    return this.projects.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('manager')
  @ApiDelete('Delete a key project (soft: it leaves lists, its history stays)')
  async remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.projects.remove(actor, id);
  }
}
