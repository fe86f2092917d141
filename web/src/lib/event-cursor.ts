/**
 * The last `TaskChangeEvent.eventId` this tab has seen. The socket layer reads it whenever it
 * (re)subscribes, so a reconnect resumes with `since` and no change is missed.
 */
let lastEventId: string | null = null;

export const eventCursor = {
  get: () => lastEventId,
  set(eventId: string | null | undefined) {
    if (eventId) lastEventId = eventId;
  },
  reset() {
    lastEventId = null;
  },
};
