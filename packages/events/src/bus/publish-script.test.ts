import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTagEvent, buildTaskEvent } from '../testing/builders.js';
import {
  buildPublishCall,
  defaultPublishLimits,
  GuardKeyMissingError,
  parsePublishReply,
  publishScriptSha,
  publishScriptSource,
} from './publish-script.js';

describe('the publish script call', () => {
  it('writes a task change to the source stream and the owner change log', () => {
    const event = buildTaskEvent('TaskCompleted', 'u1');
    const { numKeys, args } = buildPublishCall(event, 'p:', 'tasks', defaultPublishLimits);
    expect(numKeys).toBe(4);
    expect(args.slice(0, 4)).toEqual([`p:relay:sent:${event.id}`, 'p:events:tasks', '', 'p:user:u1:changes']);
    const [ttl, maxLen, envelopeJson, channel, noticeJson] = args.slice(4);
    expect(args.slice(-2)).toEqual(['0', '1']);
    expect([ttl, maxLen, channel]).toEqual(['86400', '1000000', 'p:user:u1']);
    expect(JSON.parse(envelopeJson!)).toEqual(event);
    // The script splices `,"eventId":…` in before the closing brace.
    expect(noticeJson!.endsWith('}')).toBe(true);
    expect(JSON.parse(`${noticeJson!.slice(0, -1)},"eventId":"1-0"}`)).toMatchObject({
      eventId: '1-0',
      envelopeId: event.id,
      kind: 'COMPLETED',
    });
  });

  it('leaves the change log out for other events', () => {
    const { numKeys, args } = buildPublishCall(
      buildTagEvent('TagCreated', 'u1'),
      'p:',
      'tags',
      defaultPublishLimits,
    );
    expect(numKeys).toBe(3);
    expect(args[1]).toBe('p:events:tags');
  });

  it('guards on a key and leaves the change log and notice out of a replay', () => {
    const { numKeys, args } = buildPublishCall(
      buildTaskEvent('TaskCompleted', 'u1'),
      'p:',
      'tasks',
      defaultPublishLimits,
      { guardKey: 'p:relay:epoch:tasks', isReplay: true },
    );
    expect(numKeys).toBe(3);
    expect(args[2]).toBe('p:relay:epoch:tasks');
    expect(args.slice(-2)).toEqual(['1', '0']);
    expect(() => parsePublishReply([-1, ''], 'p:relay:epoch:tasks')).toThrow(GuardKeyMissingError);
  });

  it('reads first publishes and repeats', () => {
    expect(parsePublishReply([1, '5-0 6-0'])).toEqual({ isNew: true, streamEntryId: '5-0', eventId: '6-0' });
    expect(parsePublishReply([0, '5-0 '])).toEqual({ isNew: false, streamEntryId: '5-0', eventId: null });
    expect(() => parsePublishReply('OK')).toThrow(/unexpected/);
  });

  it('is addressed by the SHA1 of its source', () => {
    expect(publishScriptSha).toBe(createHash('sha1').update(publishScriptSource).digest('hex'));
  });
});
