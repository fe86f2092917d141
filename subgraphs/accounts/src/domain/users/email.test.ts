import { describe, expect, it } from 'vitest';
import { emailKey, isEmailAddress } from './email.js';

describe('emailKey', () => {
  it('is one key for every case, normalisation and compatibility form of an address', () => {
    const forms = [
      'éve@exämple.io',
      'ÉVE@EXÄMPLE.IO',
      'éve@exämple.io'.normalize('NFD'),
      'ÉVE@exämple.io'.normalize('NFD'),
      '  Éve@Exämple.io ',
      '\uff45\u0301ve@exämple.io', // full-width e + combining acute
    ];
    expect(new Set(forms.map(emailKey))).toEqual(new Set(['éve@exämple.io'.normalize('NFC')]));
  });

  it('keeps distinct letters apart, whatever one database’s lower() thinks', () => {
    expect(emailKey('kİm@example.com')).not.toBe(emailKey('kim@example.com'));
    expect(emailKey('straße@example.com')).not.toBe(emailKey('strasse@example.com'));
  });

  it('is idempotent', () => {
    for (const email of ['İSTANBUL@x.io', 'ǅemal@x.io', 'ＡＢＣ@x.io', 'e\u0301@x.io']) {
      expect(emailKey(emailKey(email))).toBe(emailKey(email));
    }
  });
});

describe('isEmailAddress', () => {
  it.each([
    'ada@example.com',
    'Ada.Lovelace+tasks@mail.example.co.uk',
    "o'brien@example.ie",
    'éve@exämple.io',
    'e\u0301ve@example.io',
    '用户@例子.广告',
    'user@xn--bcher-kva.example',
    'a!b#c@example.com',
  ])('accepts %j', (email) => expect(isEmailAddress(email)).toBe(true));

  it.each([
    '',
    'plain',
    '@example.com',
    'a@',
    'a@b',
    'two@@example.com',
    'a b@example.com',
    'a@exa mple.com',
    '.a@example.com',
    'a.@example.com',
    'a..b@example.com',
    'a@-example.com',
    'a@example.c0m',
    'a@example..com',
    'ctrl\u0007@example.com',
    'bidi\u202e@example.com',
    'zero\u200bwidth@example.com',
    '"quoted"@example.com',
    `${'x'.repeat(65)}@example.com`,
  ])('refuses %j', (email) => expect(isEmailAddress(email)).toBe(false));
});
