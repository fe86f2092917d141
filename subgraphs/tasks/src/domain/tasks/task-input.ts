import { isUuid, text } from '@taskflow/common';
import { z } from 'zod';
import { PRIORITIES } from './task.js';

const uuid = z.string().refine(isUuid, 'Not a valid id');
const date = z.date();

export const MAX_TAGS_PER_TASK = 50;

export const tagIdsSchema = z
  .array(uuid)
  .max(MAX_TAGS_PER_TASK, `A task can carry at most ${MAX_TAGS_PER_TASK} tags`)
  .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);

const recurrenceInput = z.object({
  rule: z.string(),
  timezone: z.string().nullish(),
  basis: z.enum(['DUE_DATE', 'COMPLETION_DATE']).nullish(),
});

const title = text({ min: 1, max: 500, label: 'Title' });
const description = text({ max: 10_000, label: 'Description' });

export const createTaskSchema = z.object({
  title,
  description: description.nullish().transform((value) => value ?? null),
  priority: z
    .enum(PRIORITIES)
    .nullish()
    .transform((value) => value ?? 'MEDIUM'),
  dueAt: date.nullish().transform((value) => value ?? null),
  tagIds: tagIdsSchema.nullish().transform((value) => value ?? []),
  recurrence: recurrenceInput.nullish(),
});

/** Absent means unchanged; null clears the nullable fields. Title and priority cannot be null. */
export const updateTaskSchema = z.object({
  title: title.optional(),
  description: description.nullable().optional(),
  priority: z.enum(PRIORITIES).optional(),
  dueAt: date.nullable().optional(),
  recurrence: recurrenceInput.nullable().optional(),
});

export const filterSchema = z
  .object({
    search: text({ max: 200, label: 'Search' }).nullish(),
    tagIds: tagIdsSchema.nullish(),
    // Each priority once: a list of any length stays four values at most (and one SQL parameter).
    priorities: z
      .array(z.enum(PRIORITIES))
      .nullish()
      .transform((values) => (values ? [...new Set(values)] : values)),
  })
  .passthrough();
