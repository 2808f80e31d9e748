/**
 * The pure judgement of risk holds (shared/risk.ts, docs/rules.md section 9): what each signal
 * needs, at its thresholds, and what never counts (loopback IPs, the buyer as beneficiary under
 * self-purchase, the master switch off). The emulator tests cover the same signals end to end.
 */
import { addressHash, isKnownIp, riskSignals, type RiskFacts } from '@shared/risk';
import { RiskRules } from '@shared/rules';
import { RISK_ON } from './riskShop';

const quiet = (): RiskFacts => ({
  buyerId: 'oB',
  buyer: { phones: ['13900000000'], addressHashes: ['aaaa0000'], ips: ['203.0.113.7'] },
  beneficiaries: [
    {
      userId: 'oR',
      ancestors: ['oT'],
      phones: ['13700000000'],
      addressHashes: ['bbbb0000'],
      ips: [],
      reciprocalOrderIds: [],
    },
  ],
  bindBurst: { ip: '203.0.113.7', hour: '2026060112', count: 2, referrerId: 'oR' },
  buyerStats: { paidOrderCount: 3, paidGoodsFen: 10_000, paidSpendFen: 5_001 },
  selfPurchaseAllowed: false,
});

describe('riskSignals', () => {
  it('the test rules are valid rules, and quiet facts raise nothing', () => {
    expect(RiskRules.safeParse(RISK_ON).success).toBe(true);
    expect(riskSignals(quiet(), RISK_ON)).toEqual([]);
  });

  it('fires at the thresholds exactly: 3 binds, 50.00% refunded over 3 orders', () => {
    const facts = quiet();
    facts.bindBurst = { ...facts.bindBurst!, count: 3 };
    facts.buyerStats = { paidOrderCount: 3, paidGoodsFen: 10_000, paidSpendFen: 5_000 };
    expect(riskSignals(facts, RISK_ON).map((signal) => signal.kind)).toEqual(['bindBurst', 'refundRate']);
    facts.buyerStats = { paidOrderCount: 2, paidGoodsFen: 10_000, paidSpendFen: 0 };
    expect(riskSignals(facts, RISK_ON).map((signal) => signal.kind)).toEqual(['bindBurst']);
  });

  it('the buyer as beneficiary is a loop only while self-purchase is off', () => {
    const facts = quiet();
    facts.beneficiaries.push({ ...facts.beneficiaries[0]!, userId: 'oB', ancestors: [], phones: ['13900000000'] });
    expect(riskSignals(facts, RISK_ON)).toEqual([
      { kind: 'selfPurchaseLoop', beneficiaryId: 'oB', evidence: { loop: 'self' } },
    ]);
    expect(riskSignals({ ...facts, selfPurchaseAllowed: true }, RISK_ON)).toEqual([]);
  });

  it('loopback and empty IPs are never compared', () => {
    const facts = quiet();
    facts.buyer.ips = ['127.0.0.1', '', '::1'];
    facts.beneficiaries[0]!.ips = ['127.0.0.1', '', '::1'];
    expect(riskSignals(facts, RISK_ON)).toEqual([]);
    expect([
      isKnownIp('127.0.0.1'),
      isKnownIp('::1'),
      isKnownIp(''),
      isKnownIp('0.0.0.0'),
      isKnownIp('10.0.0.1'),
    ]).toEqual([false, false, false, false, true]);
  });

  it('the master switch off raises nothing whatever the facts', () => {
    const facts = quiet();
    facts.beneficiaries[0]!.phones = ['13900000000'];
    expect(riskSignals(facts, RISK_ON)).toHaveLength(1);
    expect(riskSignals(facts, { ...RISK_ON, enabled: false })).toEqual([]);
  });

  it('an address fingerprint ignores blanks and case, not the street number', () => {
    const address = { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 2 号 A 座' };
    expect(addressHash({ ...address, detail: '文三路2号a座' })).toBe(addressHash(address));
    expect(addressHash({ ...address, detail: '文三路 4 号 A 座' })).not.toBe(addressHash(address));
  });
});
