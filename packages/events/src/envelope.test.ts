import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AnyEventEnvelope,
  assertValidEnvelope,
  createEnvelope,
  type EnvelopeOf,
  parseEnvelopeJson,
  sourceOf,
} from './envelope.js';
import {
  changeKindOf,
  eventDefinitions,
  eventTypes,
  type FieldChanges,
  isEventType,
  type TaskSnapshot,
} from './event-types.js';
import { buildTagSnapshot, buildTaskSnapshot } from './testing/builders.js';

describe('createEnvelope', () => {
  it('fills id, version, aggregate type and time from the event definition', () => {
    const task = buildTaskSnapshot();
    const before = Date.now();
    const envelope = createEnvelope('TaskCompleted', {
      aggregateId: task.id,
      ownerId: 'u1',
      payload: { task },
    });
    expect(envelope).toMatchObject({
      type: 'TaskCompleted',
      version: 1,
      aggregateType: 'Task',
      aggregateId: task.id,
      ownerId: 'u1',
      correlationId: null,
      payload: { task },
    });
    expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(envelope.occurredAt)).toBeGreaterThanOrEqual(before);
    expect(() => assertValidEnvelope(envelope)).not.toThrow();
  });

  it('keeps a given id, time and correlation id', () => {
    const tag = buildTagSnapshot();
    const envelope = createEnvelope('TagCreated', {
      id: '0b6a3c1e-2f7d-4c55-9a43-1f0e8d7c6b5a',
      aggregateId: tag.id,
      ownerId: 'u1',
      payload: { tag },
      correlationId: 'req-1',
      occurredAt: new Date('2025-03-30T01:30:00Z'),
    });
    expect(envelope).toMatchObject({
      id: '0b6a3c1e-2f7d-4c55-9a43-1f0e8d7c6b5a',
      correlationId: 'req-1',
      occurredAt: '2025-03-30T01:30:00.000Z',
      aggregateType: 'Tag',
    });
  });
});

describe('parseEnvelopeJson', () => {
  const valid = createEnvelope('TaskCreated', {
    aggregateId: 't',
    ownerId: 'u',
    payload: { task: buildTaskSnapshot() },
  });

  it('accepts an envelope of a known type', () => {
    expect(parseEnvelopeJson(JSON.stringify(valid))).toEqual({ kind: 'known', envelope: valid });
  });

  it('tells an unknown type apart from an invalid entry', () => {
    expect(parseEnvelopeJson(JSON.stringify({ ...valid, type: 'TaskArchived' })).kind).toBe('unknown-type');
    expect(parseEnvelopeJson('nope')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/^not JSON/),
    });
    expect(parseEnvelopeJson(null)).toMatchObject({ kind: 'invalid' });
    expect(parseEnvelopeJson(JSON.stringify({ ...valid, ownerId: '' }))).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('ownerId'),
    });
    expect(parseEnvelopeJson(JSON.stringify({ ...valid, occurredAt: 'yesterday' }))).toMatchObject({
      kind: 'invalid',
    });
  });
});

describe('event definitions', () => {
  it('routes every type to a stream and marks exactly the task changes', () => {
    for (const type of eventTypes) {
      expect(isEventType(type)).toBe(true);
      expect(changeKindOf(type) !== null).toBe(eventDefinitions[type].source === 'tasks');
    }
    expect(changeKindOf('TaskTagsChanged')).toBe('UPDATED');
    expect(isEventType('toString')).toBe(false);
  });

  it('sends an unknown type to the fallback source', () => {
    expect(sourceOf({ type: 'TagDeleted' }, 'tasks')).toBe('tags');
    expect(sourceOf({ type: 'SomethingNew' }, 'webhooks')).toBe('webhooks');
  });
});

describe('typing', () => {
  it('narrows payloads by type in handlers', () => {
    const handle = (envelope: AnyEventEnvelope) => {
      switch (envelope.type) {
        case 'TaskUpdated':
          return Object.keys(envelope.payload.changes);
        case 'TagDeleted':
          return [envelope.payload.tag.name];
        default:
          return [];
      }
    };
    const onlyCompleted = (envelope: EnvelopeOf<'TaskCompleted'>) => envelope.payload.task.status;
    expectTypeOf(onlyCompleted)
      .parameter(0)
      .toHaveProperty('payload')
      .toEqualTypeOf<{ task: TaskSnapshot; changes?: FieldChanges<TaskSnapshot> }>();
    const task = buildTaskSnapshot();
    const updated = createEnvelope('TaskUpdated', {
      aggregateId: task.id,
      ownerId: 'u1',
      payload: { task, changes: { title: { from: 'old', to: task.title } } },
    });
    expect(handle(updated)).toEqual(['title']);
  });
});
