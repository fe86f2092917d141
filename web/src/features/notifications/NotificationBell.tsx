import { useEffect, useId, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { getFragmentData, graphql } from '../../gql';
import { formatRelative } from '../../lib/datetime';
import { friendlyError } from '../../lib/errors';
import { useIdle } from '../../lib/use-idle';
import { Icon } from '../../ui/icons';
import { ErrorState, Spinner } from '../../ui/States';

/** A notification as the bell lists it (and as `notificationReceived` delivers it, for the toast). */
export const NotificationBell_NotificationFragment = graphql(`
  fragment NotificationBell_NotificationFragment on Notification {
    __typename
    id
    kind
    message
    createdAt
    readAt
    task {
      __typename
      id
      title
    }
  }
`);

const NotificationsQuery = graphql(`
  query Notifications($first: Int, $after: String) {
    notifications(first: $first, after: $after) {
      __typename
      totalCount
      pageInfo {
        __typename
        hasNextPage
        endCursor
      }
      edges {
        __typename
        cursor
        node {
          __typename
          id
          ...NotificationBell_NotificationFragment
        }
      }
    }
    unread: notifications(unreadOnly: true, first: 1) {
      __typename
      totalCount
    }
  }
`);

const MarkNotificationReadMutation = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      __typename
      id
      readAt
    }
  }
`);

const MarkAllNotificationsReadMutation = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);

/** The bell: unread count, the latest notifications, mark read. */
export function NotificationBell() {
  const id = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const idle = useIdle();
  const [{ data, fetching, error }] = useQuery({
    query: NotificationsQuery,
    variables: { first: 20 },
    requestPolicy: 'cache-and-network',
    pause: !idle && !open,
  });
  const [, markRead] = useMutation(MarkNotificationReadMutation);
  const [, markAllRead] = useMutation(MarkAllNotificationsReadMutation);
  const unread = data?.unread.totalCount ?? 0;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const items =
    data?.notifications.edges.map((e) => getFragmentData(NotificationBell_NotificationFragment, e.node)) ??
    [];

  return (
    <div className="menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="icon-button bell"
        aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen(!open)}
      >
        <Icon name="bell" />
        {unread ? (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      <div id={`${id}-panel`} className="menu-panel notifications-panel" hidden={!open}>
        <div className="menu-header">
          <strong>Notifications</strong>
          {unread ? (
            <button
              type="button"
              className="button button-sm button-ghost"
              onClick={() => void markAllRead({})}
            >
              Mark all as read
            </button>
          ) : null}
        </div>
        {error ? (
          <ErrorState message={friendlyError(error)} />
        ) : !data && fetching ? (
          <Spinner label="Loading notifications" />
        ) : items.length === 0 ? (
          <p className="muted small menu-empty">You are all caught up.</p>
        ) : (
          <ul className="notification-list">
            {items.map((n) => (
              <li key={n.id} className={`notification${n.readAt ? '' : ' is-unread'}`}>
                <div>
                  <p>{n.message}</p>
                  <p className="muted small">
                    {n.task ? `${n.task.title} · ` : ''}
                    {formatRelative(n.createdAt)}
                  </p>
                </div>
                {n.readAt ? null : (
                  <button
                    type="button"
                    className="icon-button icon-button-sm"
                    aria-label={`Mark “${n.message}” as read`}
                    onClick={() => void markRead({ id: n.id })}
                  >
                    <Icon name="check" size={14} />
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
