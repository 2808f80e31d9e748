/**
 * 拼团 against the emulator (docs/marketing.md section "拼团"): a leader opens a group by placing
 * a group order, members join it; two members taking the last place at once make one group of the
 * right size (the other is refused GROUP_FULL); a group order cannot ship until every place is
 * paid, and ships once the group is filled.
 */
import type { GroupDocument } from '@shared/groupBuy';
import type { OrderDocument } from '@shared/orders';
import type { SkuDocument } from '@shared/catalog';
import { useEmulator } from '../helpers/emulator';
import { seedActivity } from '../helpers/marketing';
import { seedAddress } from '../helpers/orders';
import { seedUsers } from '../helpers/referrals';
import { BUYER, seedTeaShop, TEA_SKU } from '../helpers/teaShop';

type Answer = { ok: boolean; data?: { orderId: string; payableFen: number }; error?: { code: string } };

const ADMIN = 'oADMIN0000000000000000000002';
const ACTIVITY = 'group-tea';
const GROUP_PRICE_FEN = 9_900;
const LEADER_BONUS_FEN = 500;

describe('拼团 placing, joining and filling', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const scan = <T>(name: string) => f.emu.emulator.store.scan(name) as unknown as T[];
  const groups = () => scan<GroupDocument>('groups');
  const orders = () => scan<OrderDocument>('orders');
  const teaStock = () => (scan<SkuDocument>('skus').find((sku) => sku._id === TEA_SKU) as SkuDocument).stock;
  const place = async (openid: string, key: string, groupId: string | null): Promise<Answer> =>
    (
      await f.emu.call(
        'placeOrder',
        {
          items: [{ skuId: TEA_SKU, quantity: 1, group: { activityId: ACTIVITY, groupId } }],
          addressId: `addr-${openid}`,
          idempotencyKey: key,
        },
        { openid },
      )
    ).result as Answer;
  const pay = (orderId: string) => fetch(`${f.emu.url}/_emulator/payments/${orderId}/pay`, { method: 'POST' });
  const ship = async (orderId: string) =>
    (
      await f.emu.call(
        'admin',
        { $url: 'shipOrder', orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' },
        { openid: ADMIN },
      )
    ).result as Answer;

  beforeEach(() => {
    f.emu.reset();
    seedTeaShop(f.emu);
    seedUsers(f.emu, [{ id: 'oAnn' }, { id: 'oBob' }]);
    for (const user of ['oAnn', 'oBob']) seedAddress(f.emu, user);
    const now = new Date(f.emu.emulator.options.clock.now());
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: now, note: '' }]);
    seedActivity(f.emu, ACTIVITY, '龙井两人团', {
      kind: 'groupBuy',
      productId: 'p-tea',
      skus: [{ skuId: TEA_SKU, priceFen: GROUP_PRICE_FEN }],
      groupSize: 2,
      timeLimitMinutes: 60,
      leaderBonusFen: LEADER_BONUS_FEN,
    });
  });

  it('the leader opens a group at the group price less the bonus, with no 满减 or coupon on top', async () => {
    const opened = await place(BUYER, 'group-open-1', null);
    expect(opened).toMatchObject({ ok: true, data: { payableFen: GROUP_PRICE_FEN - LEADER_BONUS_FEN } });
    const [group] = groups();
    const [order] = orders();
    expect(order?.groupId).toBe(group?._id);
    expect(order?.lines[0]?.activity).toMatchObject({ id: ACTIVITY, priceFen: GROUP_PRICE_FEN - LEADER_BONUS_FEN });
    expect(group).toMatchObject({
      activityId: ACTIVITY,
      leaderId: BUYER,
      size: 2,
      status: 'forming',
      members: [{ userId: BUYER, orderId: opened.data?.orderId, paid: false }],
    });
    // A replay answers the same order and opens nothing more.
    expect(await place(BUYER, 'group-open-1', null)).toEqual(opened);
    expect(groups()).toHaveLength(1);
    // The same key without the group is another request.
    const plain = await f.emu.call(
      'placeOrder',
      { items: [{ skuId: TEA_SKU, quantity: 1 }], addressId: `addr-${BUYER}`, idempotencyKey: 'group-open-1' },
      { openid: BUYER },
    );
    expect(plain.result).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('two members taking the last place at once: one group of the right size, the other refused GROUP_FULL', async () => {
    const opened = await place(BUYER, 'group-open-2', null);
    const groupId = groups()[0]!._id;
    const answers = await Promise.all([place('oAnn', 'group-join-a', groupId), place('oBob', 'group-join-b', groupId)]);
    const winners = answers.filter((answer) => answer.ok);
    expect(winners).toHaveLength(1);
    expect(answers.filter((answer) => !answer.ok)).toEqual([
      { ok: false, error: expect.objectContaining({ code: 'GROUP_FULL' }) },
    ]);
    const [group] = groups();
    expect(group?.members.map((member) => member.orderId)).toEqual([opened.data?.orderId, winners[0]?.data?.orderId]);
    // The loser wrote at most what the steps document: an order closed GROUP_FULL holding nothing.
    const held = orders().filter((order) => order.status !== 'closed');
    expect(held).toHaveLength(2);
    for (const order of orders().filter((order) => order.status === 'closed'))
      expect(order).toMatchObject({ closeReason: 'GROUP_FULL', reservation: 'released' });
    expect(teaStock()).toBe(8);
    // A third shopper is refused before anything is written.
    const count = orders().length;
    seedUsers(f.emu, [{ id: 'oCat' }]);
    seedAddress(f.emu, 'oCat');
    expect(await place('oCat', 'group-join-c', groupId)).toMatchObject({ ok: false, error: { code: 'GROUP_FULL' } });
    expect(orders()).toHaveLength(count);
  });

  it('a group order ships only once every place is paid; the group is then filled', async () => {
    const leader = (await place(BUYER, 'group-open-3', null)).data!.orderId;
    const groupId = groups()[0]!._id;
    const member = (await place('oAnn', 'group-join-3', groupId)).data!.orderId;
    await pay(leader);
    expect(groups()[0]).toMatchObject({ status: 'forming', members: [{ paid: true }, { paid: false }] });
    expect(await ship(leader)).toMatchObject({ ok: false, error: { code: 'GROUP_NOT_FILLED' } });
    await pay(member);
    expect(groups()[0]).toMatchObject({ status: 'filled', members: [{ paid: true }, { paid: true }] });
    expect(await ship(leader)).toMatchObject({ ok: true });
    expect(await ship(member)).toMatchObject({ ok: true });
  });

  it('an unpaid member who cancels frees the place for another shopper', async () => {
    await place(BUYER, 'group-open-4', null);
    const groupId = groups()[0]!._id;
    const ann = (await place('oAnn', 'group-join-4', groupId)).data!.orderId;
    expect(await place('oBob', 'group-join-5', groupId)).toMatchObject({ ok: false, error: { code: 'GROUP_FULL' } });
    expect((await f.emu.call('order', { $url: 'cancel', orderId: ann }, { openid: 'oAnn' })).result).toMatchObject({
      ok: true,
    });
    expect(groups()[0]?.members).toHaveLength(1);
    expect(await place('oBob', 'group-join-6', groupId)).toMatchObject({ ok: true });
    expect(groups()[0]?.members.map((member) => member.userId)).toEqual([BUYER, 'oBob']);
  });

  it('catalog › group shows the members by nickname and avatar, the places left and the server time, to anyone', async () => {
    await place(BUYER, 'group-open-7', null);
    const groupId = groups()[0]!._id;
    const shown = (await f.emu.call('catalog', { $url: 'group', groupId }, { openid: '' })).result as {
      ok: boolean;
      data: Record<string, any>;
    };
    const stored = groups()[0]!;
    const now = f.emu.emulator.options.clock.now();
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(60 * 60_000);
    // The emulator's clock runs: the answer's time lies between the opening and now.
    const serverMs = Date.parse(String(shown.data.serverTime));
    expect(serverMs >= stored.createdAt.getTime() && serverMs <= now).toBe(true);
    expect(shown).toMatchObject({
      ok: true,
      data: {
        id: groupId,
        activityName: '龙井两人团',
        skus: [{ skuId: TEA_SKU, priceFen: GROUP_PRICE_FEN }],
        size: 2,
        placesLeft: 1,
        status: 'forming',
        joinable: true,
        expiresAt: stored.expiresAt.toISOString(),
        members: [{ nickname: BUYER, avatarUrl: expect.any(String), leader: true, paid: false }],
      },
    });
    expect(JSON.stringify(shown)).not.toContain('"userId"');
    expect((await f.emu.call('catalog', { $url: 'group', groupId: `g${'0'.repeat(24)}` }, {})).result).toMatchObject({
      ok: false,
      error: { code: 'GROUP_NOT_FOUND' },
    });
  });

  it('catalog › detail offers the live 拼团 of the product, with its group prices', async () => {
    const detail = (await f.emu.call('catalog', { $url: 'detail', productId: 'p-tea' }, { openid: '' })).result;
    expect(detail).toMatchObject({
      ok: true,
      data: {
        groupBuy: {
          activityId: ACTIVITY,
          name: '龙井两人团',
          groupSize: 2,
          leaderBonusFen: LEADER_BONUS_FEN,
          skus: [{ skuId: TEA_SKU, priceFen: GROUP_PRICE_FEN }],
        },
        serverTime: expect.any(String),
      },
    });
    // The SKU itself keeps its own price: the group price applies to group purchases only.
    expect((detail as { data: { skus: Array<Record<string, unknown>> } }).data.skus[0]).not.toHaveProperty('activity');
  });
});
