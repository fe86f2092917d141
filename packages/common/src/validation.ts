import { z } from 'zod';
import { DomainError } from './errors.js';

/** True for strings a person could have typed: no NUL, no lone UTF-16 surrogate. */
export const isCleanText = (value: string) => !value.includes('\u0000') && value.isWellFormed();

/**
 * A string input. `trimmedMin`/`max` count characters after trimming; the value is stored as given.
 */
export const text = (options: { min?: number; max: number; label: string }) =>
  z
    .string()
    .refine(isCleanText, {
      message: `${options.label} contains characters that are not allowed (NUL or invalid UTF-16)`,
    })
    .refine((value) => value.trim().length >= (options.min ?? 0), {
      message:
        options.min === 1
          ? `${options.label} must not be empty`
          : `${options.label} needs at least ${options.min} characters`,
    })
    .refine((value) => value.trim().length <= options.max, {
      message: `${options.label} must be at most ${options.max} characters`,
    });

/**
 * Validates `input` with `schema`; the first problem becomes BAD_USER_INPUT whose
 * `extensions.field` names the input field at fault (`title`, `recurrence`, `first`...).
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, field?: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const first = issue.path.find((segment) => typeof segment === 'string');
  throw new DomainError('BAD_USER_INPUT', issue.message, { field: field ?? (first as string | undefined) });
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `first` of every connection in the API: 20 by default, at most 100 (more is refused, not cut). */
export const pageSizeSchema = z
  .number()
  .int()
  .min(0, '`first` cannot be negative')
  .max(MAX_PAGE_SIZE, `\`first\` can be at most ${MAX_PAGE_SIZE}`)
  .nullish()
  .transform((value) => value ?? DEFAULT_PAGE_SIZE);
