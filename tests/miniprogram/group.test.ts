/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The 拼团 page against the emulator: the members with their avatars and a placeholder per free
 * place, the places left, the countdown from the server's time, 邀请好友's share path opening the
 * same group, 参团 opening the checkout as a member of this group (and the checkout's query read
 * back into placeOrder's group item); a group that failed shows no 参团.
 */
import { parseCheckoutQuery } from '../../miniprogram/shop/checkout/items';
import { seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import { renderPage, tap, text, texts, wx } from './helpers';
import { loaded, useCouponEmulator } from './coupons-fixtures';

const f = useCouponEmulator();
const GROUP = `g${'a'.repeat(24)}`;
const MINUTE_MS = 60_000;

function seedGroup(status: 'forming' | 'failed'): void {
  const now = Date.now();
  seedRules(f.emu, { recruitment: 'apply' });
  seedUsers(f.emu, [{ id: 'oLEAD', nickname: '小林' }]);
  seedProduct(f.emu, { _id: 'p-tea' }, [{ _id: 'tea-250', priceFen: 12_800, stock: 10 }]);
  f.emu.insert('activities', [
    {
      _id: 'group-tea',
      kind: 'groupBuy',
      name: '龙井三人团',
      startAt: new Date(now - 86_400_000),
      endAt: new Date(now + 30 * 86_400_000),
      status: 'active',
      commission: true,
      productId: 'p-tea',
      skus: [{ skuId: 'tea-250', priceFen: 9_900 }],
      groupSize: 3,
      timeLimitMinutes: 60,
      leaderBonusFen: 0,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    },
  ]);
  f.emu.insert('groups', [
    {
      _id: GROUP,
      activityId: 'group-tea',
      productId: 'p-tea',
      leaderId: 'oLEAD',
      size: 3,
      members: [{ userId: 'oLEAD', orderId: `o${'a'.repeat(24)}`, paid: true, joinedAt: new Date(now) }],
      status,
      expiresAt: new Date(now + 30 * MINUTE_MS),
      version: 1,
      filledAt: null,
      failedAt: status === 'failed' ? new Date(now) : null,
      settled: false,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    },
  ]);
}

describe('shop/group/group (拼团)', () => {
  it('shows the members, the free places, the countdown, and 参团 opens the checkout in this group', async () => {
    seedGroup('forming');
    const page = await renderPage('shop/group/group', { id: GROUP });
    await loaded(page);
    expect(text(page, '.group-name')).toBe('龙井三人团');
    expect(text(page, '.group-price')).toBe('3人团 ¥99.00');
    expect(text(page, '.group-headline')).toBe('还差 2 人成团');
    expect(text(page, '.group-countdown')).toMatch(/^剩余 00:(29|30):\d\d$/);
    expect(texts(page, '.group-nickname')).toEqual(['小林', '待参团', '待参团']);
    expect(texts(page, '.group-leader')).toEqual(['团长']);
    expect(page.querySelectorAll('.group-seat-empty')).toHaveLength(2);
    const share = (page.instance as { onShareAppMessage(): { path: string } }).onShareAppMessage();
    expect(share.path).toBe(`/shop/group/group?id=${GROUP}`);
    await tap(page, '.group-join', '.t-button');
    const url = (wx.navigateTo.mock.calls[0]?.[0] as { url: string }).url;
    expect(url).toBe(`/shop/checkout/checkout?skuId=tea-250&quantity=1&groupActivity=group-tea&groupId=${GROUP}`);
    const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]));
    expect(parseCheckoutQuery(query)).toEqual([
      { skuId: 'tea-250', quantity: 1, group: { activityId: 'group-tea', groupId: GROUP } },
    ]);
    (page.instance as { onUnload(): void }).onUnload();
  });

  it('a failed group shows its state and no 参团', async () => {
    seedGroup('failed');
    const page = await renderPage('shop/group/group', { id: GROUP });
    await loaded(page);
    expect(text(page, '.group-headline')).toBe('拼团失败，已自动退款');
    expect(page.querySelector('.group-join')).toBeFalsy();
    (page.instance as { onUnload(): void }).onUnload();
  });

  it('an unknown group says so', async () => {
    seedRules(f.emu, { recruitment: 'apply' });
    const page = await renderPage('shop/group/group', { id: `g${'0'.repeat(24)}` });
    await loaded(page);
    expect(text(page, '.group-error')).toBe('拼团不存在');
  });
});

describe('shop/product/product (发起拼团)', () => {
  it('shows the product’s 拼团 and opens the checkout as the leader of a new group', async () => {
    seedGroup('forming');
    const page = await renderPage('shop/product/product', { id: 'p-tea' });
    await loaded(page);
    expect(text(page, '.group-offer')).toBe('3人团 ¥99.00起');
    await tap(page, '.open-group-button', '.t-button');
    expect(page.data.pickerMode).toBe('group');
    await tap(page, '.confirm-button', '.t-button');
    const url = (wx.navigateTo.mock.calls[0]?.[0] as { url: string }).url;
    expect(url).toBe('/shop/checkout/checkout?skuId=tea-250&quantity=1&groupActivity=group-tea&groupId=new');
    const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]));
    expect(parseCheckoutQuery(query)).toEqual([
      { skuId: 'tea-250', quantity: 1, group: { activityId: 'group-tea', groupId: null } },
    ]);
    (page.instance as { onUnload(): void }).onUnload();
  });
});
