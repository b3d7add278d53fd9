import { z } from 'zod';

/** The API's failures (see ../errors.ts for which status takes which). */
export const errorResponse = z
  .object({
    error: z.object({
      status_code: z.int(),
      message: z.string(),
      description: z.string(),
    }),
  })
  .meta({ id: 'KangarooError' });

export const forbiddenResponse = z.object({ message: z.string() }).meta({ id: 'KangarooForbidden' });

export const validationErrorResponse = z
  .record(z.string(), z.array(z.string()))
  .describe('Field → messages, a bare map as in every Kangaroo 422 example: {"customer.id": ["The selected customer.id is invalid."]}.')
  .meta({ id: 'KangarooValidationErrors' });
