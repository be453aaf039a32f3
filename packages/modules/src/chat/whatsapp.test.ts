import { describe, expect, it } from 'vitest';
import { whatsappFailure } from './whatsapp-send.ts';
import { changesOf, hubSignature, messagesOf, statusesOf, verifyHubSignature } from './whatsapp.ts';

describe('X-Hub-Signature-256', () => {
  const raw = Buffer.from('{"a":"\\u00f1"}');
  it('checks the HMAC of the exact bytes, in constant time, and refuses every other form', () => {
    expect(verifyHubSignature(raw, hubSignature(raw, 's3cret'), 's3cret')).toBe(true);
    expect(verifyHubSignature(raw, hubSignature(raw, 's3cret'), 'other')).toBe(false);
    expect(verifyHubSignature(Buffer.from('{"a":"ñ"}'), hubSignature(raw, 's3cret'), 's3cret')).toBe(false);
    expect(verifyHubSignature(raw, undefined, 's3cret')).toBe(false);
    expect(verifyHubSignature(raw, hubSignature(raw, 's3cret').replace('sha256=', 'sha1='), 's3cret')).toBe(false);
    expect(verifyHubSignature(raw, 'sha256=00', 's3cret')).toBe(false);
  });
});

describe('a delivery', () => {
  it('reads every entry and change; skips malformed parts without throwing', () => {
    const body = {
      entry: [
        { id: '1', changes: [{ value: { metadata: { phone_number_id: '111' }, messages: [{ from: '569', id: 'w1', timestamp: '1', type: 'text', text: { body: 'a' } }, { id: 'no-from' }] } }, { value: null }] },
        { id: '2', changes: [{ value: { metadata: { phone_number_id: '222' }, statuses: [{ id: 'w0', status: 'failed', timestamp: '2', errors: [{ code: 131047, title: 'Re-engagement message' }] }, { id: 'w9', status: 'weird' }] } }] },
        'junk',
      ],
    };
    const changes = changesOf(body);
    expect(changes.map((c) => c.phoneNumberId)).toEqual(['111', '222']);
    expect(messagesOf(changes[0]!).map((m) => m.externalId)).toEqual(['w1']);
    expect(statusesOf(changes[1]!)).toEqual([{ externalId: 'w0', status: 'failed', at: new Date(2000), errorCode: '131047', errorMessage: 'Re-engagement message' }]);
    expect(changesOf('nope')).toEqual([]);
  });
});

describe("Meta's error codes", () => {
  it('retries throttling and outages, and names what a person can act on', () => {
    expect(whatsappFailure(130429)).toEqual({ retry: true });
    expect(whatsappFailure(131056)).toEqual({ retry: true });
    expect(whatsappFailure(131047)).toEqual({ retry: false, error: 'whatsapp_window_closed' });
    expect(whatsappFailure(131026)).toEqual({ retry: false, error: 'whatsapp_undeliverable' });
    expect(whatsappFailure(190)).toEqual({ retry: false, error: 'whatsapp_reconnect' });
    expect(whatsappFailure(undefined)).toEqual({ retry: false, error: 'whatsapp_error' });
  });
});
