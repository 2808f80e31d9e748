/**
 * Subscribe-message data fitted to the keyword types (shared/subscribeData.ts): whatever value,
 * and whatever keyword the merchant maps it to, the platform accepts the fitted value. The
 * platform's acceptance is the emulator's check (emulator/src/openapi/keywords.ts), which follows
 * the documented limits of each keyword type (docs/platform.md section 7.3).
 */
import fc from 'fast-check';
import { fitData, fitValue, keywordType, KEYWORD_TYPES, type MessageValue } from '@shared/subscribeData';
import { KEYWORD_TYPES as PLATFORM_TYPES, keywordRefusal } from '../../emulator/src/openapi/keywords';

const SENT_AT = new Date('2026-03-31T06:30:00Z');

/** Text of every kind the project or a merchant could produce: Chinese, ASCII, emoji, controls, long. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    '提现未通过：信息不符',
    '新佣金待结算',
    '  ',
    '',
    '¥12.34',
    '12',
    '🎉 到账啦',
    'a\u0000b',
    '订单 o123 已发货',
  ),
);
const value: fc.Arbitrary<MessageValue> = fc.oneof(
  text.map((t) => ({ kind: 'text' as const, text: t })),
  fc.integer({ min: -1e13, max: 1e13 }).map((fen) => ({ kind: 'money' as const, fen })),
  fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((at) => ({
    kind: 'time' as const,
    at,
  })),
);

describe('fitting subscribe-message values to keyword types', () => {
  it('knows exactly the types the platform documents', () => {
    expect([...KEYWORD_TYPES].sort()).toEqual([...PLATFORM_TYPES].sort());
  });

  it('every fitted value passes the platform check of its type', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(...KEYWORD_TYPES), (input, type) => {
        const fitted = fitValue(input, type, SENT_AT);
        expect({ type, fitted, refusal: keywordRefusal(type, fitted) }).toEqual({ type, fitted, refusal: null });
      }),
      { numRuns: 3_000 },
    );
  });

  it('the platform check refuses what the documented limits refuse', () => {
    const refused: Array<[string, string]> = [
      ['thing', 'x'.repeat(21)],
      ['thing', '到账🎉'],
      ['phrase', '提现已到账了'],
      ['phrase', 'ok'],
      ['amount', '¥1,234.56'],
      ['amount', '-¥1.00'],
      ['amount', '¥12345678901'],
      ['time', '2026-03-31'],
      ['date', '14:30'],
      ['number', '1e5'],
      ['letter', 'abc1'],
      ['symbol', '!!!!!!'],
      ['character_string', 'a b'],
      ['phone_number', '电话'],
      ['car_number', 'A粤123'],
      ['name', '张三3'],
      ['name', '张'.repeat(11)],
    ];
    for (const [type, raw] of refused)
      expect({ type, raw, refused: keywordRefusal(type, raw) !== null }).toEqual({ type, raw, refused: true });
    for (const [type, raw] of [
      ['time', '2019年10月1日 15:01'],
      ['time', '15:01~16:00'],
      ['date', '2019年10月1日'],
      ['amount', '100元'],
      ['car_number', '粤A8Z888挂'],
      ['phone_number', '+86-0766-66888866'],
      ['name', 'Li Lei'],
    ])
      expect(keywordRefusal(type!, raw!)).toBeNull();
  });

  it('keeps what already fits, and cuts by characters, not UTF-16 units', () => {
    expect(fitValue({ kind: 'money', fen: 123_456 }, 'amount', SENT_AT)).toBe('¥1234.56');
    expect(fitValue({ kind: 'money', fen: 123_456 }, 'thing', SENT_AT)).toBe('¥1,234.56');
    expect(fitValue({ kind: 'money', fen: -5 }, 'amount', SENT_AT)).toBe('¥0.05');
    expect(fitValue({ kind: 'time', at: SENT_AT }, 'time', SENT_AT)).toBe('2026-03-31 14:30');
    expect(fitValue({ kind: 'text', text: '新佣金待结算' }, 'thing', SENT_AT)).toBe('新佣金待结算');
    expect(fitValue({ kind: 'text', text: '新佣金待结算' }, 'phrase', SENT_AT)).toBe('新佣金待结');
    expect(fitValue({ kind: 'text', text: '𠀀'.repeat(25) }, 'thing', SENT_AT)).toBe(`${'𠀀'.repeat(19)}…`);
    expect(fitValue({ kind: 'money', fen: 100 }, 'phrase', SENT_AT)).toBe('详见小程序');
    expect(fitValue({ kind: 'text', text: 'anything' }, 'time', SENT_AT)).toBe('2026-03-31 14:30');
  });

  it('writes the data of a whole message, keyed by the keywords the merchant mapped', () => {
    expect(
      fitData(
        [
          { keyword: 'amount1', value: { kind: 'money', fen: 3_000 } },
          { keyword: 'phrase2', value: { kind: 'text', text: '提现已到账' } },
          { keyword: 'character_string3', value: { kind: 'time', at: SENT_AT } },
        ],
        SENT_AT,
      ),
    ).toEqual({
      amount1: { value: '¥30.00' },
      phrase2: { value: '提现已到账' },
      character_string3: { value: '2026-03-31T14:30' },
    });
    expect(keywordType('character_string12')).toBe('character_string');
    expect(keywordType('enum1')).toBeNull();
  });
});
