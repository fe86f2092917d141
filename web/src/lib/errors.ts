import type { CombinedError } from 'urql';

export interface FieldErrors {
  [field: string]: string;
}

export function errorCodes(error: CombinedError | undefined | null): string[] {
  return (error?.graphQLErrors ?? []).map((e) => String(e.extensions?.code ?? ''));
}

export const hasCode = (error: CombinedError | undefined | null, code: string) =>
  errorCodes(error).includes(code);

/** Messages for the user: the server's own for input problems, a generic one otherwise. */
export function friendlyError(error: CombinedError | undefined | null): string {
  if (!error) return '';
  if (error.networkError) return 'Could not reach TaskFlow. Check your connection and try again.';
  const first = error.graphQLErrors[0];
  if (!first) return 'Something went wrong. Please try again.';
  switch (first.extensions?.code) {
    case 'BAD_USER_INPUT':
    case 'CONFLICT':
    case 'TOO_MANY_REQUESTS':
    case 'NOT_FOUND':
    case 'FORBIDDEN':
      return first.message;
    case 'UNAUTHENTICATED':
      return first.message || 'Please sign in again.';
    default:
      return 'Something went wrong on our side. Please try again.';
  }
}

/** `extensions.field` of BAD_USER_INPUT/CONFLICT errors, keyed by the (last segment of the) field. */
export function fieldErrors(error: CombinedError | undefined | null): FieldErrors {
  const result: FieldErrors = {};
  for (const e of error?.graphQLErrors ?? []) {
    const field = e.extensions?.field;
    if (typeof field === 'string' && field) {
      const key =
        field
          .split('.')
          .filter((part) => part !== 'input')
          .join('.') || field;
      result[key] = e.message;
    }
  }
  return result;
}
