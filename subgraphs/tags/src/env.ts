import { baseEnvShape, loadEnv } from '@taskflow/common';
import { eventsEnvShape } from '@taskflow/events';
import { z } from 'zod';

export const tagsEnvShape = {
  ...baseEnvShape,
  ...eventsEnvShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(4003),
};

export type TagsEnv = ReturnType<typeof loadTagsEnv>;
export const loadTagsEnv = (source: Record<string, string | undefined> = process.env) =>
  loadEnv(tagsEnvShape, source);
