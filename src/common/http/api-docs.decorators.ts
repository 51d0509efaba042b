import { applyDecorators, HttpCode } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  getSchemaPath,
} from '@nestjs/swagger';
import { ErrorResponse } from '../errors/error-response.dto.js';
import { PageOf } from '../pagination/page.dto.js';

type Ctor = abstract new (...args: never[]) => unknown;

const badRequest = ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid input' });
const notFound = ApiNotFoundResponse({
  type: ErrorResponse,
  description: 'Not found, or outside your parks',
});
const conflict = ApiConflictResponse({
  type: ErrorResponse,
  description: 'Stale version, duplicate, or still in use',
});

export const ApiList = (item: Ctor, summary: string, options: { csv?: boolean } = {}) =>
  applyDecorators(
    ApiOperation({
      summary,
      ...(options.csv
        ? { description: 'With ?format=csv or Accept: text/csv: every matching row as CSV' }
        : {}),
    }),
    options.csv
      ? ApiOkResponse({
          description: 'A page of items, or every matching row as CSV',
          content: {
            'application/json': { schema: { $ref: getSchemaPath(PageOf(item)) } },
            'text/csv': { schema: { type: 'string', description: 'UTF-8 with BOM' } },
          },
        })
      : ApiOkResponse({ type: PageOf(item) }),
    ...(options.csv ? [ApiExtraModels(PageOf(item))] : []),
    badRequest,
  );

export const ApiGet = (type: Ctor, summary: string) =>
  applyDecorators(ApiOperation({ summary }), ApiOkResponse({ type }), badRequest, notFound);

export const ApiCreate = (type: Ctor, summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiCreatedResponse({ type }),
    badRequest,
    notFound,
    conflict,
  );

export const ApiUpdate = (type: Ctor, summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiOkResponse({ type }),
    badRequest,
    notFound,
    conflict,
  );

export const ApiDelete = (summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    HttpCode(204),
    ApiNoContentResponse({ description: 'Deleted' }),
    badRequest,
    notFound,
    conflict,
  );
