import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';

/**
 * Shared by every component test, whichever config runs it: unmount after each test, start from
 * empty storage, and read local times in one fixed zone.
 */
process.env.TZ = 'Europe/Berlin';

beforeEach(() => {
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

export { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
export { default as userEvent } from '@testing-library/user-event';
