import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ApiAuth, Roles } from '../../common/auth/auth.decorators.js';
import { ErrorResponse } from '../../common/errors/error-response.dto.js';
import { ApiCreate } from '../../common/http/api-docs.decorators.js';
import { AssessmentFormula } from './assessment.entity.js';
import { AssessmentFormulasService } from './assessment-formulas.service.js';
import { CreateFormulaDto } from './dto/assessment.dto.js';

@ApiTags('assessments')
@ApiAuth()
@Controller('assessment-formulas')
export class AssessmentFormulasController {
  constructor(private readonly formulas: AssessmentFormulasService) {}

  @Get()
  @ApiOperation({ summary: 'Every version of the assessment formula, the current (highest) first' })
  @ApiOkResponse({ type: [AssessmentFormula] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid input' })
  list() {
    return this.formulas.list();
  }

  @Post()
  @Roles('admin')
  @ApiCreate(
    AssessmentFormula,
    'Write a new formula version (admins): measures with weights, each known key at most once; it becomes current',
  )
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFormulaDto) {
    return this.formulas.create(actor, dto);
  }
}
