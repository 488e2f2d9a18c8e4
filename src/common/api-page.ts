import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** Documents a `Page<T>` answer (`items` and the keyset `nextCursor`) for OpenAPI. */
export function ApiPageResponse(item: Type<unknown>, status: 200 | 201 = 200): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(item),
    ApiResponse({
      status,
      description: `A page of ${item.name}`,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: { type: 'string', nullable: true },
        },
      },
    }),
  );
}
