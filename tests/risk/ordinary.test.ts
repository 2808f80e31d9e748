/**
 * Normal use never holds (docs/rules.md section 9): existing scenario tests of the tea shop run
 * again, unchanged, with every risk signal and a binding limit switched on. Their shop's rules
 * are TEA_SHOP_RULES, which this file extends with the risk section before loading them, so each
 * of their assertions (balances after settlement, releases at the end of the window, reversals
 * and clawbacks) now holds under risk rules too: a hold would have kept a commission frozen.
 */
import { TEA_SHOP_RULES } from '../helpers/teaShop';
import { RISK_ON } from './riskShop';

Object.assign(TEA_SHOP_RULES, { risk: { ...RISK_ON, bindsPerIpPerHour: 20 } });

// The scenarios, loaded after the change (a require, unlike an import, runs in place).
require('../ledger/settleCommission.test');
require('../ledger/release-hold-race.test');
require('../ledger/reversal.test');
require('../wallet/scenario.test');
