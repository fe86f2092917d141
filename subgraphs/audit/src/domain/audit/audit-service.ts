import {
  emptyConnection,
  type Identity,
  isCleanText,
  type Logger,
  pageSizeSchema,
  parseInput,
  requireUser,
} from '@taskflow/common';
import { z } from 'zod';
import { ChainVerifier } from './audit-chain.js';
import { AUDIT_ACTIONS, type AuditPage, type ChainVerification, ENTITY_TYPES } from './audit-entry.js';
import { type AuditedEvent, auditRecordOf } from './audit-record.js';
import type { AuditQuery, AuditUnitOfWork } from './audit-repository.js';

const filterSchema = z.object({
  entityId: z
    .string()
    .max(200, 'Not a valid id')
    .refine(isCleanText, 'entityId contains characters that are not allowed (NUL or invalid UTF-16)')
    .nullish(),
  entityType: z.enum(ENTITY_TYPES, { message: `entityType is one of ${ENTITY_TYPES.join(', ')}` }).nullish(),
  action: z.enum(AUDIT_ACTIONS, { message: `action is one of ${AUDIT_ACTIONS.join(', ')}` }).nullish(),
  since: z.date().nullish(),
  until: z.date().nullish(),
});

export interface ListArgs {
  /** Validated here: action and entityType come in as any string. */
  filter?: unknown;
  first?: number | null;
  after?: string | null;
}

/** The consumer group name, also the idempotency key space in processed_events. */
export const AUDIT_CONSUMER = 'audit';

/**
 * The audit log: recorded from events, read by their owner only. Nothing here changes or removes an
 * entry, and the table refuses it anyway.
 */
export class AuditService {
  constructor(
    private readonly deps: {
      work: AuditUnitOfWork;
      log: Logger;
    },
  ) {}

  /**
   * Records an event once: its processed mark and its entry are written together, so a redelivery
   * adds nothing (nor does one whose mark was pruned: the entry's event id is unique). True when an
   * entry was added.
   */
  async record(event: AuditedEvent): Promise<boolean> {
    const entry = await this.deps.work.run(null, (audit) =>
      audit.append(AUDIT_CONSUMER, auditRecordOf(event)),
    );
    return entry !== null;
  }

  list(identity: Identity, args: ListArgs): Promise<AuditPage> {
    const ownerId = requireUser(identity);
    const query = parseInput(filterSchema, args.filter ?? {});
    return this.page(ownerId, query, args);
  }

  /** A task's entries. Another user's task has none of the caller's entries: an empty page. */
  history(identity: Identity, taskId: string, args: Omit<ListArgs, 'filter'>): Promise<AuditPage> {
    const ownerId = requireUser(identity);
    // A NUL or lone surrogate names no task (and Postgres refuses a NUL): nothing to look up.
    const query = isCleanText(taskId) ? { entityType: 'Task' as const, entityId: taskId } : null;
    return this.page(ownerId, query, args);
  }

  async verifyChain(identity: Identity): Promise<ChainVerification> {
    const ownerId = requireUser(identity);
    const verifier = new ChainVerifier();
    await this.deps.work.run(null, async (audit) => {
      for await (const batch of audit.chain(ownerId)) {
        if (!batch.every((entry) => verifier.check(entry))) break;
      }
    });
    const result = {
      isValid: verifier.firstInvalidEntryId === null,
      checkedEntries: verifier.checkedEntries,
      firstInvalidEntryId: verifier.firstInvalidEntryId,
    };
    if (!result.isValid) this.deps.log.warn({ ownerId, ...result }, 'audit chain does not verify');
    return result;
  }

  /** A page of the owner's entries matching `query`; a null query matches none. */
  private async page(
    ownerId: string,
    query: AuditQuery | null,
    args: Omit<ListArgs, 'filter'>,
  ): Promise<AuditPage> {
    const first = parseInput(pageSizeSchema, args.first, 'first');
    if (!query) return emptyConnection();
    return this.deps.work.run(null, (audit) => audit.page(ownerId, query, first, args.after));
  }
}
