/**
 * 确认订单: the address, the lines and the totals as the server prices them (placeOrder ›
 * quote), every discount by name, the coupon picker, a note, the payment choice (微信支付 /
 * 余额支付 with the balance; 余额支付 disabled with the reason when the balance does not cover the
 * order), then 提交订单 → placeOrder → payment → the order's page. Paying with the balance is
 * done by placeOrder itself: the page goes straight to the paid order.
 *
 * The quote picks the best coupon by default; choosing another one, or 不使用优惠券, asks for a
 * new quote with that choice, and placeOrder gets the coupon the last quote priced in.
 *
 * The idempotency key is made for the first attempt and sent again with every retry of the
 * same checkout (address, note and coupon unchanged), so a lost answer never places a second
 * order. It is dropped after a refusal (the server's answer for that key would not change) and
 * when the shopper changes the address, the note or the coupon (the order under the old key would
 * carry the old ones; at worst it stays unpaid and closes on its own).
 */
import type { AddressView } from '@shared/contracts/address';
import type { QuoteOutput } from '@shared/contracts/quote';
import { address } from '../../services/address';
import { isTransportFailure } from '../../services/call';
import { cart } from '../../services/cart';
import { pay, placeOrder, quote } from '../../services/placeOrder';
import { pointsSwitch, type PointsSwitchView } from './points';
import { addressLine, takeChosenAddress } from '../../utils/address-choice';
import type { PageStatus } from '../../utils/page-state';
import { newRequestId } from '../../utils/request-id';
import { parseCheckoutQuery, type CheckoutItem } from './items';
import {
  couponRows,
  couponSummary,
  discountRows,
  linesView,
  payChoiceView,
  totalsView,
  type CouponRow,
  type DiscountRow,
  type LineView,
  type PayChoiceView,
  type TotalsView,
} from './view';

/** What the page shows of a quote. */
function quoteData(q: QuoteOutput) {
  return {
    lines: linesView(q),
    totals: totalsView(q),
    discounts: discountRows(q),
    coupons: couponRows(q),
    couponSummary: couponSummary(q),
    couponId: q.couponId,
    points: pointsSwitch(q),
    payChoice: payChoiceView(q),
  };
}

type PayMethod = 'wechat' | 'balance';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    items: [] as CheckoutItem[],
    fromCart: false,
    loaded: false,
    addresses: [] as AddressView[],
    address: null as (AddressView & { line: string }) | null,
    lines: [] as LineView[],
    totals: null as TotalsView | null,
    discounts: [] as DiscountRow[],
    coupons: [] as CouponRow[],
    couponSummary: '',
    /** The coupon the last quote priced in (a userCoupons id), sent to placeOrder; null for none. */
    couponId: null as string | null,
    /** The shopper's choice: undefined lets the server pick the best one, null is 不使用优惠券. */
    couponChoice: undefined as string | null | undefined,
    pickerVisible: false,
    /** 积分抵扣: the switch's label (null when the shop has points off) and whether it is on. */
    points: null as PointsSwitchView | null,
    usePoints: false,
    payChoice: null as PayChoiceView | null,
    /** 微信支付 unless the shopper picked 余额支付 (only offered when the balance covers the order). */
    payMethod: 'wechat' as PayMethod,
    note: '',
    submitting: false,
    /** The key of the current checkout attempt and the address and note it was made for. */
    idempotencyKey: '',
    keyFor: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    const items = parseCheckoutQuery(query);
    this.setData({ items, fromCart: query.from === 'cart' });
    if (items.length === 0) this.setData({ status: 'error', message: '没有要结算的商品' });
  },

  onShow() {
    if (this.data.items.length === 0) return;
    if (!this.data.loaded) void this.load();
    else void this.loadAddresses();
  },

  async load() {
    this.setData({ status: 'loading' });
    const [priced] = await Promise.all([this.requestQuote(), this.loadAddresses()]);
    if (!priced.ok) {
      this.setData({ status: 'error', message: priced.error.message });
      return;
    }
    this.setData({ status: 'ready', loaded: true, ...quoteData(priced.data) });
    this.keepPayMethod();
  },

  /** 余额支付 stays chosen only while the balance covers the order (a new quote may change either). */
  keepPayMethod() {
    if (this.data.payMethod === 'balance' && !this.data.payChoice?.balanceEnough) this.setData({ payMethod: 'wechat' });
  },

  onPayMethodTap(event: WechatMiniprogram.TouchEvent) {
    const { method } = event.currentTarget.dataset as { method: PayMethod };
    if (method === 'balance' && !this.data.payChoice?.balanceEnough) {
      void wx.showToast({ title: this.data.payChoice?.balanceReason || '余额不足', icon: 'none' });
      return;
    }
    this.setData({ payMethod: method });
  },

  /** The quote for the items and the coupon choice (none sent while the server is to pick). */
  requestQuote() {
    const choice = this.data.couponChoice;
    const usePoints = this.data.usePoints ? { usePoints: true } : {};
    return quote(
      choice === undefined
        ? { items: this.data.items, ...usePoints }
        : { items: this.data.items, couponId: choice, ...usePoints },
    );
  },

  /** 积分抵扣 on or off: priced again by the server. */
  async onPointsSwitch(event: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
    this.setData({ usePoints: event.detail.value });
    const priced = await this.requestQuote();
    if (!priced.ok) {
      this.setData({ usePoints: !event.detail.value });
      void wx.showToast({ title: priced.error.message, icon: 'none' });
      return;
    }
    this.setData(quoteData(priced.data));
  },

  onCouponTap() {
    this.setData({ pickerVisible: true });
  },

  onPickerClose() {
    this.setData({ pickerVisible: false });
  },

  /** A usable coupon, or 不使用优惠券 (no id): priced again by the server with that choice. An unusable one only shows why. */
  async onCouponPick(event: WechatMiniprogram.TouchEvent) {
    const { id = null, usable } = event.currentTarget.dataset as { id?: string; usable?: boolean };
    if (!usable) return;
    this.setData({ pickerVisible: false });
    if (id === this.data.couponId) return;
    const before = this.data.couponChoice;
    this.setData({ couponChoice: id });
    const priced = await this.requestQuote();
    if (!priced.ok) {
      this.setData({ couponChoice: before });
      void wx.showToast({ title: priced.error.message, icon: 'none' });
      return;
    }
    this.setData(quoteData(priced.data));
    this.keepPayMethod();
  },

  /** The address book; keeps the chosen address, else takes the one picked on the list, else the default. */
  async loadAddresses() {
    const result = await address.list();
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      return;
    }
    const items = result.data.items;
    const wanted = takeChosenAddress() || this.data.address?.id || '';
    const chosen = items.find((item) => item.id === wanted) ?? items.find((item) => item.isDefault) ?? null;
    this.setData({ addresses: items, address: chosen && { ...chosen, line: addressLine(chosen) } });
  },

  onAddressTap() {
    const selected = this.data.address ? `&selectedId=${this.data.address.id}` : '';
    void wx.navigateTo({ url: `/shop/addresses/addresses?select=1${selected}` });
  },

  onNoteInput(event: WechatMiniprogram.Input) {
    this.setData({ note: event.detail.value });
  },

  /** The key for this attempt: the same as the last one while address and note are the same. */
  keyForAttempt(addressId: string): string {
    const keyFor = JSON.stringify([
      addressId,
      this.data.note,
      this.data.couponId,
      this.data.usePoints,
      this.data.payMethod,
    ]);
    if (this.data.idempotencyKey && this.data.keyFor === keyFor) return this.data.idempotencyKey;
    const idempotencyKey = newRequestId();
    this.setData({ idempotencyKey, keyFor });
    return idempotencyKey;
  },

  async onSubmitTap() {
    if (this.data.submitting || this.data.status !== 'ready') return;
    const chosen = this.data.address;
    if (!chosen) {
      void wx.showToast({ title: '请选择收货地址', icon: 'none' });
      return;
    }
    this.setData({ submitting: true });
    const idempotencyKey = this.keyForAttempt(chosen.id);
    const { couponId, payMethod } = this.data;
    const placed = await placeOrder({
      items: this.data.items,
      addressId: chosen.id,
      idempotencyKey,
      note: this.data.note.trim(),
      // Without a coupon the field is left out: placeOrder's default is none.
      ...(couponId ? { couponId } : {}),
      ...(this.data.usePoints ? { usePoints: true } : {}),
      // 微信支付 is placeOrder's default, so it is left out too.
      ...(payMethod === 'balance' ? { payMethod } : {}),
    });
    if (!placed.ok) {
      if (!isTransportFailure(placed)) this.setData({ idempotencyKey: '', keyFor: '' });
      this.setData({ submitting: false });
      void wx.showToast({ title: placed.error.message, icon: 'none' });
      // The coupon was taken by another order or ran out meanwhile: price again with the best one left.
      if (!isTransportFailure(placed) && placed.error.code === 'COUPON_INVALID') {
        this.setData({ couponChoice: undefined });
        void this.load();
      }
      // Another order spent the points meanwhile: price again with what is left.
      if (!isTransportFailure(placed) && placed.error.code === 'POINTS_INSUFFICIENT') void this.load();
      // The balance fell short meanwhile: the order is kept unpaid; the shopper pays it from 待付款.
      if (!isTransportFailure(placed) && placed.error.code === 'BALANCE_INSUFFICIENT')
        void wx.redirectTo({ url: '/shop/orders/orders?status=pending_payment' });
      return;
    }
    if (this.data.fromCart) await cart.remove({ skuIds: this.data.items.map((item) => item.skuId) });
    const { payment } = placed.data;
    // A balance payment is made by placeOrder itself; WeChat Pay needs the payment sheet.
    const paid = payment ? await pay(placed.data.orderId, payment) : { status: 'paid' as const };
    this.setData({ submitting: false });
    if (paid.status === 'cancelled') void wx.showToast({ title: '已取消支付，可在订单中继续支付', icon: 'none' });
    if (paid.status === 'failed') void wx.showToast({ title: paid.message, icon: 'none' });
    const after = paid.status === 'paid' ? '&paid=1' : '';
    void wx.redirectTo({ url: `/shop/order/order?id=${placed.data.orderId}${after}` });
  },

  onRetry() {
    void this.load();
  },
});
