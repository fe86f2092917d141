import { DomainError } from '@taskflow/common';

/** Every rejection of a recurrence is a BAD_USER_INPUT on the `recurrence` field. */
export function createRecurrenceError(message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', message, { field: 'recurrence' });
}
