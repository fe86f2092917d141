import { isIP } from 'node:net';
import {
  type Caller,
  DomainError,
  decodeCursor,
  encodeCursor,
  type Identity,
  isUuid,
  notFound,
  pageSizeSchema,
  parseInput,
  requireUser,
  toConnection,
} from '@taskflow/common';
import { z } from 'zod';
import { isPublicAddress, resolveAll } from '../../delivery/address-guard.js';
import { newWebhookSecret } from '../../delivery/signing.js';
import {
  type CreatedWebhook,
  type DeliveryAttempt,
  type DeliveryPage,
  WEBHOOK_EVENT_TYPES,
  type Webhook,
  type WebhookDelivery,
} from './webhook.js';
import type { WebhookUnitOfWork } from './webhook-repository.js';

/** How long the previous secret keeps signing after a rotation. */
export const SECRET_GRACE_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_SELECTION = 'id';
const MAX_WEBHOOKS_PER_USER = 100;
const CURSOR_TAG = 'webhook-deliveries';

/** One check (zod runs every refinement, so a second one would parse a URL the first refused). */
const isHttpUrl = (value: string) =>
  URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);
const url = z
  .string()
  .max(2_000, 'URL must be at most 2000 characters')
  .refine(isHttpUrl, 'URL must be an absolute http or https URL');
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, 'Choose at least one event')
  .transform((values) => [...new Set(values)]);
const selection = z.string().max(4_000, 'Selection must be at most 4000 characters');

const createSchema = z.object({ url, events, selection: selection.nullish() });
const updateSchema = z.object({
  url: url.optional(),
  events: events.optional(),
  selection: selection.optional(),
  active: z.boolean().optional(),
});

/** Checks a selection against the supergraph's Task type (BAD_USER_INPUT on `selection`). */
export interface SelectionValidator {
  queryFor(selection: string): string;
}

/**
 * Webhooks belong to one user: another user's is NOT_FOUND, like one that does not exist. The URL's
 * address and the selection are checked here, at create and update; the sender checks the address
 * again after DNS resolution at every attempt.
 */
export class WebhookService {
  constructor(
    private readonly deps: {
      work: WebhookUnitOfWork;
      selections: SelectionValidator;
      allowPrivateAddresses: boolean;
      /** Resolves a host name to its addresses (DNS by default). */
      resolve?: (hostname: string) => Promise<string[]>;
    },
  ) {}

  list(identity: Identity): Promise<Webhook[]> {
    return this.deps.work.run(requireUser(identity), (webhooks) => webhooks.list());
  }

  async findOwned(identity: Identity, id: string): Promise<Webhook | null> {
    if (!identity.userId || !isUuid(id)) return null;
    return (await this.deps.work.run(identity.userId, (webhooks) => webhooks.find(id))) ?? null;
  }

  async create(caller: Caller, input: unknown): Promise<CreatedWebhook> {
    const ownerId = requireUser(caller);
    const fields = parseInput(createSchema, input);
    const chosen = fields.selection?.trim() || DEFAULT_SELECTION;
    this.deps.selections.queryFor(chosen);
    await this.checkAddress(fields.url);
    const now = new Date();
    const webhook: Webhook = {
      id: crypto.randomUUID(),
      ownerId,
      url: fields.url,
      events: fields.events,
      selection: chosen,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
    const secret = newWebhookSecret();
    await this.deps.work.transaction(ownerId, async (webhooks) => {
      if ((await webhooks.list()).length >= MAX_WEBHOOKS_PER_USER)
        throw new DomainError('BAD_USER_INPUT', `At most ${MAX_WEBHOOKS_PER_USER} webhooks per user`, {
          field: 'url',
        });
      await webhooks.insert(webhook, secret);
    });
    return { secret, webhook };
  }

  async update(caller: Caller, id: string, input: unknown): Promise<Webhook> {
    const ownerId = requireUser(caller);
    const fields = parseInput(updateSchema, input);
    if (!isUuid(id)) throw notFound('Webhook');
    const chosen = fields.selection === undefined ? undefined : fields.selection.trim() || DEFAULT_SELECTION;
    if (chosen !== undefined) this.deps.selections.queryFor(chosen);
    if (fields.url !== undefined) await this.checkAddress(fields.url);
    const updated = await this.deps.work.run(ownerId, (webhooks) =>
      webhooks.update(id, {
        ...(fields.url !== undefined ? { url: fields.url } : {}),
        ...(fields.events !== undefined ? { events: fields.events } : {}),
        ...(chosen !== undefined ? { selection: chosen } : {}),
        ...(fields.active !== undefined ? { active: fields.active } : {}),
        updatedAt: new Date(),
      }),
    );
    if (!updated) throw notFound('Webhook');
    return updated;
  }

  async delete(caller: Caller, id: string): Promise<boolean> {
    const ownerId = requireUser(caller);
    if (!isUuid(id) || !(await this.deps.work.run(ownerId, (webhooks) => webhooks.delete(id))))
      throw notFound('Webhook');
    return true;
  }

  async rotateSecret(caller: Caller, id: string): Promise<CreatedWebhook> {
    const ownerId = requireUser(caller);
    if (!isUuid(id)) throw notFound('Webhook');
    const secret = newWebhookSecret();
    const webhook = await this.deps.work.run(ownerId, (webhooks) =>
      webhooks.rotateSecret(id, secret, new Date(Date.now() + SECRET_GRACE_MS)),
    );
    if (!webhook) throw notFound('Webhook');
    return { secret, webhook };
  }

  /** The webhook's deliveries, newest event first (the webhook is the caller's: it was resolved for them). */
  async deliveries(
    webhook: Webhook,
    args: { first?: number | null; after?: string | null },
  ): Promise<DeliveryPage> {
    const first = parseInput(pageSizeSchema, args.first, 'first');
    const after = args.after
      ? decodeCursor(args.after, CURSOR_TAG, [
          { kind: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER },
          { kind: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER },
        ])
      : null;
    const rows = await this.deps.work.run(webhook.ownerId, (webhooks) =>
      webhooks.deliveries(
        webhook.id,
        first + 1,
        after ? { eventMs: String(after[0]), eventSeq: String(after[1]) } : null,
      ),
    );
    return toConnection(rows, first, {
      cursorOf: (row) => encodeCursor(CURSOR_TAG, [Number(row.eventMs), Number(row.eventSeq)]),
      count: () => this.deps.work.run(webhook.ownerId, (webhooks) => webhooks.countDeliveries(webhook.id)),
      nodeOf: ({ eventMs: _ms, eventSeq: _seq, ...delivery }) => delivery,
    });
  }

  /** The attempts of the caller's deliveries, by delivery id, in one query. */
  async attemptsOf(
    identity: Identity,
    deliveryIds: readonly string[],
  ): Promise<Map<string, DeliveryAttempt[]>> {
    const byDelivery = new Map<string, DeliveryAttempt[]>();
    if (!identity.userId || deliveryIds.length === 0) return byDelivery;
    const attempts = await this.deps.work.run(identity.userId, (webhooks) => webhooks.attempts(deliveryIds));
    for (const attempt of attempts) {
      const list = byDelivery.get(attempt.deliveryId) ?? [];
      list.push(attempt);
      byDelivery.set(attempt.deliveryId, list);
    }
    return byDelivery;
  }

  async redeliver(caller: Caller, deliveryId: string): Promise<WebhookDelivery> {
    const ownerId = requireUser(caller);
    if (!isUuid(deliveryId)) throw notFound('Webhook delivery');
    const delivery = await this.deps.work.run(ownerId, (webhooks) => webhooks.redeliver(deliveryId));
    if (!delivery) throw notFound('Webhook delivery');
    return delivery;
  }

  /**
   * Unless private addresses are allowed, a URL whose host is (or resolves to) a loopback, private
   * or link-local address is refused; so is a name that does not resolve.
   */
  private async checkAddress(value: string): Promise<void> {
    if (this.deps.allowPrivateAddresses) return;
    const host = new URL(value).hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = await (this.deps.resolve ?? resolveAll)(host);
      } catch {
        throw new DomainError('BAD_USER_INPUT', `The URL's host ${host} does not resolve`, { field: 'url' });
      }
    }
    if (addresses.length === 0 || !addresses.every(isPublicAddress))
      throw new DomainError(
        'BAD_USER_INPUT',
        'The URL must point to a public address (not loopback, private or link-local)',
        {
          field: 'url',
        },
      );
  }
}
