import { changeKindOf } from '@taskflow/events';
import pg from 'pg';
import { AUDITED_EVENT_TYPES } from '../../../subgraphs/audit/src/domain/audit/audit-record.js';
import { graphql, type Subscriber, type User } from './load.js';

export interface Counts {
  /** Changes in the outbox (the committed truth), this scenario. */
  committed: number;
  lost: number;
  doubled: number;
  /** Of those, what subscribers missed or saw twice. */
  subscriberLost: number;
  subscriberDoubled: number;
  /** What each non-zero count is, for the failure message. */
  details: string[];
}

const add = (counts: Counts, what: string, lost: number, doubled = 0) => {
  counts.lost += lost;
  counts.doubled += doubled;
  if (lost > 0 || doubled > 0) counts.details.push(`${what}: ${lost} lost, ${doubled} doubled`);
};

/**
 * The suite's invariants, read from the databases themselves: every committed change has one audit
 * entry and every owner's chain verifies; every completed recurring task one next occurrence; every
 * due reminder one notification; every subscriber saw each of its owner's changes since it started
 * once.
 */
export class Invariants {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    // The suite restarts this Postgres: an idle client losing its connection is expected.
    this.pool.on('error', () => undefined);
  }

  private async value(sql: string, params: unknown[] = []): Promise<number> {
    const result = await this.pool.query(sql, params);
    return Number(Object.values(result.rows[0] ?? { n: 0 })[0] ?? 0);
  }

  /** The last outbox id of tasks (a scenario's changes are the rows after it). */
  lastTaskEventId(): Promise<number> {
    return this.value('select coalesce(max(id), 0) from tasks.outbox');
  }

  async check(
    afterEventId: number,
    users: readonly User[],
    gatewayUrl: string,
    subscribers: readonly Subscriber[],
  ) {
    const counts: Counts = {
      committed: 0,
      lost: 0,
      doubled: 0,
      subscriberLost: 0,
      subscriberDoubled: 0,
      details: [],
    };
    const audited = [...AUDITED_EVENT_TYPES];
    counts.committed = await this.value('select count(*) from tasks.outbox where id > $1', [afterEventId]);
    add(
      counts,
      'outbox rows never relayed',
      await this.value('select count(*) from tasks.outbox where sent_at is null'),
    );
    for (const schema of ['tasks', 'tags']) {
      add(
        counts,
        `${schema} changes without an audit entry`,
        await this.value(
          `select count(*) from ${schema}.outbox o where o.type = any($1)
              and not exists (select 1 from audit.audit_entries a where a.event_id = o.event_id)`,
          [audited],
        ),
      );
    }
    add(
      counts,
      'audit entries without a change',
      0,
      await this.value(
        `select count(*) from audit.audit_entries a
          where not exists (select 1 from tasks.outbox o where o.event_id = a.event_id)
            and not exists (select 1 from tags.outbox o where o.event_id = a.event_id)`,
      ),
    );
    add(
      counts,
      'completed recurring tasks without a next occurrence',
      await this.value(
        `select count(*) from tasks.tasks t where t.status = 'COMPLETED' and t.recurrence_rule is not null
            and not exists (select 1 from tasks.tasks n where n.previous_occurrence_id = t.id)`,
      ),
      await this.value(
        `select coalesce(sum(n - 1), 0) from (select count(*) as n from tasks.tasks
          where previous_occurrence_id is not null group by previous_occurrence_id having count(*) > 1) d`,
      ),
    );
    add(
      counts,
      'due reminders not fired',
      await this.value(
        `select count(*) from notifications.reminders r
          where r.remind_at < now() - interval '1 second' and r.cancelled_at is null
            and not exists (select 1 from notifications.notifications n where n.reminder_id = r.id)`,
      ),
      await this.value(
        `select count(*) from notifications.reminders r where r.fired_at is not null
            and not exists (select 1 from notifications.notifications n where n.reminder_id = r.id)`,
      ),
    );
    for (const user of users) {
      const result = await graphql<{ verifyAuditChain: boolean }>(
        gatewayUrl,
        '{ verifyAuditChain }',
        {},
        user.token,
      );
      if (result.data?.verifyAuditChain !== true) add(counts, `audit chain of ${user.id} does not verify`, 1);
    }
    for (const subscriber of subscribers) await this.checkSubscriber(counts, afterEventId, subscriber);
    return counts;
  }

  /** Changes are matched by (task, kind, instant), which survive a Redis that forgot its event ids. */
  private async checkSubscriber(counts: Counts, afterEventId: number, subscriber: Subscriber) {
    const rows = await this.pool.query<{ type: string; aggregate_id: string; occurred_at: Date }>(
      'select type, aggregate_id, occurred_at from tasks.outbox where id > $1 and owner_id = $2 order by id',
      [afterEventId, subscriber.user.id],
    );
    const expected = new Set(
      rows.rows
        .filter((row) => changeKindOf(row.type))
        .map((row) => `${row.aggregate_id} ${changeKindOf(row.type)} ${row.occurred_at.toISOString()}`),
    );
    const seen = new Map<string, number>();
    for (const event of subscriber.seen) {
      const key = `${event.taskId} ${event.kind} ${new Date(event.at).toISOString()}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const missing = [...expected].filter((key) => !seen.has(key)).length;
    const twice = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
    const unknown = [...seen.keys()].filter((key) => !expected.has(key)).length;
    add(counts, `subscriber of ${subscriber.user.id}`, missing, twice + unknown);
    counts.subscriberLost += missing;
    counts.subscriberDoubled += twice + unknown;
  }

  async close() {
    await this.pool.end();
  }
}
