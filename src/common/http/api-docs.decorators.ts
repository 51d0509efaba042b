import { applyDecorators, HttpCode } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
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

export const ApiList = (item: Ctor, summary: string) =>
  applyDecorators(ApiOperation({ summary }), ApiOkResponse({ type: PageOf(item) }), badRequest);

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
