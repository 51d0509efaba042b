import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
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
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserView } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('manager')
  @ApiList(UserView, 'List users (admins: all; managers: users of their parks)', { csv: true })
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQuery, @WantsCsv() csv: boolean) {
    return this.users.list(actor, query, csv);
  }

  @Get(':id')
  @Roles('manager')
  @ApiGet(UserView, 'Get a user')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.users.get(actor, id);
  }

  @Post()
  @Roles('admin')
  @ApiCreate(UserView, 'Create a user with a role and parks')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiUpdate(UserView, 'Update a user (password, role, parks); you cannot change your own role')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @ApiDelete('Deactivate a user: they can no longer sign in; their records stay')
  async remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.users.deactivate(actor, id);
  }
}
