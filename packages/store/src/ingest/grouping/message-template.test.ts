import { describe, expect, it } from 'vitest';
import { messageTemplate } from './message-template';

describe('messageTemplate', () => {
  it.each([
    ['User 123 not found', 'User <int> not found'],
    ['timeout after 2.5s at line 42.', 'timeout after 2.5s at line <int>.'],
    ['took 2.5 seconds', 'took <float> seconds'],
    ['offset -12', 'offset <int>'],
    ['mail bob.smith+x@example.co.uk failed', 'mail <email> failed'],
    ['GET https://api.test/v1/users/9?x=1 returned 500', 'GET <url> returned <int>'],
    ['order 9ec79c33-ec99-42ab-8353-589fcb2e04dc missing', 'order <uuid> missing'],
    ['at 2026-11-21T10:00:00.123Z', 'at <date>'],
    ['on 2026-11-21 only', 'on <date> only'],
    ['Sat, 21 Nov 2026 10:00:00 GMT expired', '<date> expired'],
    ['ran at 10:00:01', 'ran at <time>'],
    ['from 192.168.0.12 denied', 'from <ip> denied'],
    ['from 2001:db8:85a3:0:0:8a2e:370:7334 denied', 'from <ip> denied'],
    ['from fe80::1 denied', 'from <ip> denied'],
    ['commit 3f786850e387550fdab836ed7e6dc881de23001b', 'commit <sha1>'],
    ['etag d41d8cd98f00b204e9800998ecf8427e', 'etag <md5>'],
    ['ptr 0x7ffee4b0 null', 'ptr <hex> null'],
    ['doc 507f1f77bcf86cd799439011 gone', 'doc <hex> gone'],
    ["reading 'id'", 'reading <quoted_str>'],
    ['(reading "name")', '(reading <quoted_str>)'],
    ['key=`abc` bad', 'key=<quoted_str> bad'],
  ])('%s', (input, expected) => {
    expect(messageTemplate(input)).toBe(expected);
  });

  it.each([
    ["Can't find the user's file", "Can't find the user's file"],
    ['utf8 decoding failed in v2', 'utf8 decoding failed in v2'],
    ['version 1.2.3 unsupported', 'version 1.2.3 unsupported'],
    ['deadbeef', 'deadbeef'],
    ['Cannot read properties of undefined', 'Cannot read properties of undefined'],
  ])('leaves ordinary words alone: %s', (input, expected) => {
    expect(messageTemplate(input)).toBe(expected);
  });

  it('makes messages that differ only in values equal', () => {
    expect(messageTemplate('User 123 not found')).toBe(messageTemplate('User 456 not found'));
    expect(messageTemplate('Payment 9ec79c33-ec99-42ab-8353-589fcb2e04dc failed after 3 tries')).toBe(
      messageTemplate('Payment 1b4e28ba-2fa1-11d2-883f-0016d3cca427 failed after 5 tries'),
    );
  });

  it('cuts input to 1024 characters before matching, so huge messages stay cheap', () => {
    const huge = `${'a'.repeat(5000)} 123`;
    const started = performance.now();
    expect(messageTemplate(huge)).toHaveLength(1024);
    expect(messageTemplate(`'${'x '.repeat(100_000)}`)).toHaveLength(1024);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
