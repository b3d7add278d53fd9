/**
 * The one error type the project throws for an expected failure. Each emulated API's error
 * handler turns it into that API's own envelope; `code` is a key of the API's catalogue.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorTemplate {
  status: number;
  message: string;
}

/** Builds the `fail(code, message?)` helper of an API from its catalogue of error templates. */
export function errorFactory<Code extends string>(catalogue: Record<Code, ErrorTemplate>) {
  return (code: Code, message?: string, details?: unknown): ApiError => {
    const template = catalogue[code];
    return new ApiError(template.status, code, message ?? template.message, details);
  };
}
