export const MAX_REMINDERS_PER_TASK = 20;
export const MAX_MINUTES_BEFORE = 525_600;

export interface Reminder {
  id: string;
  ownerId: string;
  taskId: string;
  remindAt: Date;
  minutesBefore: number | null;
  firedAt: Date | null;
  cancelledAt: Date | null;
  /** The reminder of the previous occurrence this one was carried over from. */
  copiedFromId: string | null;
  /** Of the request that added it; its notification's event carries it. */
  correlationId: string | null;
  createdAt: Date;
}
