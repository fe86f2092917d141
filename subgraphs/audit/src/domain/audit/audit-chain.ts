import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit-entry.js';

/**
 * JSON with object keys sorted (by UTF-16 code units, recursively) and no whitespace: one text per
 * value, whatever order its keys were built or stored in (jsonb reorders them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no non-finite numbers');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
}

/** Everything an entry's hash covers: all it says, its place in the chain and the link to the previous. */
export type ChainedFields = Pick<
  AuditEntry,
  | 'id'
  | 'ownerId'
  | 'sequence'
  | 'eventId'
  | 'actorId'
  | 'at'
  | 'action'
  | 'entityType'
  | 'entityId'
  | 'changes'
  | 'correlationId'
  | 'prevHash'
>;

/** Version of the encoding, hashed with the entry so a future encoding can coexist with this one. */
const ENCODING_VERSION = 1;

/** SHA-256 (hex) of the entry's canonical encoding. */
export function hashEntry(entry: ChainedFields): string {
  const encoded = canonicalJson({
    v: ENCODING_VERSION,
    id: entry.id,
    ownerId: entry.ownerId,
    sequence: entry.sequence,
    eventId: entry.eventId,
    actorId: entry.actorId,
    at: entry.at.toISOString(),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes: entry.changes ?? null,
    correlationId: entry.correlationId,
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

/**
 * Walks one owner's entries in chain order and finds the first that does not verify: its sequence
 * is not the next, it does not link to the previous entry's hash, or its hash does not match what it
 * says. Feed it every entry, in order, through `check`.
 */
export class ChainVerifier {
  private expectedSequence = 1;
  private previousHash: string | null = null;
  checkedEntries = 0;
  firstInvalidEntryId: string | null = null;

  /** False once an entry failed; later entries are not looked at. */
  check(entry: ChainedFields & { hash: string }): boolean {
    if (this.firstInvalidEntryId) return false;
    this.checkedEntries += 1;
    const isValid =
      entry.sequence === this.expectedSequence &&
      entry.prevHash === this.previousHash &&
      hashEntry(entry) === entry.hash;
    if (!isValid) {
      this.firstInvalidEntryId = entry.id;
      return false;
    }
    this.expectedSequence += 1;
    this.previousHash = entry.hash;
    return true;
  }
}
