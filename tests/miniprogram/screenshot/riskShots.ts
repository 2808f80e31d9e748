/**
 * The risk review (风险审核) shots (render.shot.ts draws them with the others): the case list with
 * open and decided cases, one open case with its evidence, and 风险设置 with risk on. The figures
 * are the tea shop's: one order of two teas earning oRef ¥25.60 and oTop ¥12.80.
 */
import { DEFAULT_RISK_RULES } from '@shared/risk';
import { DEFAULT_RULES } from '@shared/rules';
import { ok } from '../helpers';
import { riskCaseFixture, riskSummary } from '../admin-risk-fixtures';
import type { Shot } from './shots';

export const RISK_SHOTS: Shot[] = [
  {
    name: 'admin-risk',
    path: 'admin/risk/risk',
    answers: {
      'admin.listRiskCases': ok({
        items: [
          riskSummary('o1'),
          riskSummary('o2', {
            orderNo: '202605301015220007',
            labels: ['同一 IP 短时间内大量绑定同一推广码'],
            heldFen: 1_280,
            createdAt: '2026-05-31T02:15:00.000Z',
          }),
          riskSummary('o3', {
            status: 'approved',
            orderNo: '202605281930110003',
            labels: ['买家与推广员收货地址相同'],
            heldFen: 2_560,
            createdAt: '2026-05-28T11:30:00.000Z',
          }),
          riskSummary('o4', {
            status: 'voided',
            orderNo: '202605250840330012',
            labels: ['自购或互购循环', '买家退款率过高'],
            heldFen: 5_120,
            createdAt: '2026-05-25T00:40:00.000Z',
          }),
        ],
        nextOffset: null,
        openCount: 2,
      }),
    },
  },
  {
    name: 'admin-risk-case',
    path: 'admin/riskCase/riskCase',
    query: { caseId: 'risk:o1' },
    answers: { 'admin.riskCase': ok(riskCaseFixture('o1')) },
  },
  {
    name: 'admin-risk-settings',
    path: 'admin/riskSettings/riskSettings',
    answers: {
      'admin.getRules': ok({
        version: 5,
        rules: { ...DEFAULT_RULES, risk: { ...DEFAULT_RISK_RULES, enabled: true, bindsPerIpPerHour: 20 } },
      }),
    },
  },
];
