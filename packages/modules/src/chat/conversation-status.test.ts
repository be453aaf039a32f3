import { describe, expect, it } from 'vitest';
import { csatScoreOf } from './conversation-status.ts';

describe("the CSAT survey's answer", () => {
  it('is a digit 1-5 as the whole message, or a button or list reply csat:N (WhatsApp, Telegram)', () => {
    const text = (content: string) => ({ content, contentType: 'text', payload: {} });
    expect(['4', ' 5 ', '1.', '3!'].map((c) => csatScoreOf(text(c)))).toEqual([4, 5, 1, 3]);
    expect(['0', '6', '45', '4 estrellas', 'cuatro', ''].map((c) => csatScoreOf(text(c)))).toEqual([null, null, null, null, null, null]);
    expect(csatScoreOf({ content: 'Excelente', contentType: 'interactive', payload: { interactive: { type: 'button_reply', button_reply: { id: 'csat:5', title: 'Excelente' } } } })).toBe(5);
    expect(csatScoreOf({ content: 'Regular', contentType: 'interactive', payload: { interactive: { type: 'list_reply', list_reply: { id: 'csat_3', title: 'Regular' } } } })).toBe(3);
    expect(csatScoreOf({ content: 'csat:2', contentType: 'button', payload: { callback: { data: 'csat:2' } } })).toBe(2);
    expect(csatScoreOf({ content: 'Sí', contentType: 'interactive', payload: { interactive: { button_reply: { id: 'confirm:yes' } } } })).toBeNull();
  });
});
